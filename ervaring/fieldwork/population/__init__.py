"""Reading and checking a population file from a municipal registration system.

Plain modules, no request and no database (an import-linter contract keeps Django out), in the
order the data flows:

- `limits`: every limit on a file, with its Dutch message;
- `reading` (CSV) and `xlsx` (Excel) turn the bytes into a `table.RawTable`, streaming;
- `fields` proposes and checks which column holds which field;
- `cells` cleans one cell, `addresses` splits a Dutch address;
- `checking` validates every row into `records.ClientRecord`s, `merging` joins a client's rows;
- `provisions` matches the file's provision names to the questionnaire's provision groups.

`fieldwork.population_services` reads what these need from the database and writes the result,
all or nothing.
"""
