"""Write the list of country names that answer "which country…?" questions.

    pip install pycountry && python scripts/make_countries.py

The names are ISO 3166-1's, as pycountry ships them (its data comes from Debian's iso-codes),
each in the forms news writing uses: the short name ("Iran", not "Iran, Islamic Republic
of"), the common name where ISO gives one, and the official one. A few short forms ISO does
not give ("Russia", "Britain", "the US") are added below. The list is written to
``src/accordingto/data/countries.txt``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "accordingto" / "data" / "countries.txt"

# Short forms in everyday English that ISO 3166-1 does not list.
EVERYDAY = """
Russia; United States; United States of America; US; U.S.; USA; America; United Kingdom;
UK; U.K.; Britain; Great Britain; England; Scotland; Wales; Northern Ireland; Czech Republic;
Turkey; Ivory Coast; Vatican; Kosovo; Palestine; Macedonia; Burma; Holland; Congo;
Democratic Republic of Congo; Micronesia; Brunei; Cape Verde; Swaziland; East Timor;
South Korea; North Korea; Laos; Syria; Vietnam; Moldova; Bolivia; Venezuela; Tanzania; Iran
"""


def forms(country) -> set[str]:
    """The names of one ISO 3166-1 entry, without the inverted and bracketed parts."""
    found = set()
    for attribute in ("name", "common_name", "official_name"):
        name = getattr(country, attribute, None)
        if not name:
            continue
        name = re.sub(r"\s*\(.*?\)", "", name)
        found.add(name.split(",")[0].strip())
    return found


def main() -> None:
    names = {n for country in pycountry.countries for n in forms(country)}
    names |= {n.strip() for n in EVERYDAY.replace("\n", " ").split(";") if n.strip()}
    head = (
        "# Country names: ISO 3166-1 (pycountry, from Debian iso-codes) and everyday short\n"
        "# forms; written by scripts/make_countries.py.\n"
    )
    OUT.write_text(head + "\n".join(sorted(names, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} names to {OUT}")


if __name__ == "__main__":
    main()
