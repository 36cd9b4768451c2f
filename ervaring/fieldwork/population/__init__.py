"""Reading and checking a population file from a municipal registration system.

Plain modules, no request and no database, in the order the data flows: `reading` turns the
bytes of a CSV or XLSX export into a header and rows of text; `fields` proposes and checks which
column holds which field; `cells` cleans one cell; `checking` validates every row and merges
duplicate clients. `fieldwork.population_services` writes the result, all or nothing.
"""
