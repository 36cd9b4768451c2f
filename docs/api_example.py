"""Invite a client and read the results through Ervaring's API (standard library only).

    ERVARING_URL=http://127.0.0.1:8000 \\
    ERVARING_API_KEY=erv_voorbeld_alleen-voor-de-demo-gemeente-voorbeeld \\
    python docs/api_example.py WMO-000003 zaak-2026-0042

The first argument is a client number from the survey's population (seed-demo prints one
that has no invitation yet), the second your own reference for this invitation: run the
script twice with the same reference and the client still gets one message.
"""

import json
import os
import sys
import urllib.error
import urllib.request

BASE = os.environ.get("ERVARING_URL", "http://127.0.0.1:8000").rstrip("/") + "/api/v1"
KEY = os.environ["ERVARING_API_KEY"]


def call(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One API call; returns the status and the JSON answer (errors included)."""
    request = urllib.request.Request(  # noqa: S310 - the URL is the configured API
        BASE + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def main(client_reference: str, reference: str) -> int:
    status, answer = call("GET", "/surveys")
    running = [s for s in answer["surveys"] if s["status"] == "veldwerk"]
    if status != 200 or not running:
        print("Geen onderzoek in veldwerk:", status, answer)
        return 1
    survey = running[0]
    print(f"{survey['name']}: {survey['response']['completed']} ingevuld")

    invitation = {
        "reference": reference,
        "client_reference": client_reference,
        "team": "noord",
        "channel": "sms",
    }
    status, answer = call("POST", f"/surveys/{survey['slug']}/invitations", invitation)
    if status in (200, 201):
        again = " (was al gedaan)" if status == 200 else ""
        print(f"Uitgenodigd per sms naar {answer['address']}{again}")
    else:
        error = answer["error"]
        print(f"Niet uitgenodigd ({status} {error['code']}): {error['message_nl']}")

    status, answer = call("GET", f"/surveys/{survey['slug']}/results?breakdown=overall")
    for question in answer["questions"]:
        cell = question["cells"][0]
        if question["standard"] and cell["option"] is None and cell["value"] is not None:
            print(f"{cell['value']:5.1f}%  (n={cell['n']})  {question['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
