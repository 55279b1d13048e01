"""The study's own names and identifiers, indexed by name key for the detectors (`NameIndex`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from echo_fieldwork.deid.words import (
    NOT_INITIALS,
    PARTICLES,
    TITLE,
    WORD,
    common_words,
    edit_distance_at_most_one,
    first_names,
    known_places,
    name_key,
    phonetic_key,
    place_key,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")


# -- known names and identifiers ---------------------------------------------------------------------
@dataclass
class KnownName:
    code: str
    keys: list[str]                 # the name's tokens, in order (particles included)
    surfaces: list[str] = field(default_factory=list)   # the same tokens as written, lower case


@dataclass
class ListedIdentifier:
    keys: list[str]
    category: str
    tag: str = ""


@dataclass
class NameIndex:
    """Every known name, by token key: key -> participant codes (first registered first).
    A participant may have several names (aliases: nicknames, maiden names)."""
    names: list[KnownName] = field(default_factory=list)
    by_key: dict[str, list[str]] = field(default_factory=dict)
    identifiers: list[ListedIdentifier] = field(default_factory=list)
    keep: set[str] = field(default_factory=set)          # folded words and phrases never proposed
    first_keys: dict[str, list[str]] = field(default_factory=dict)  # first names (for nicknames): key -> codes
    phonetic: dict[str, set[str]] = field(default_factory=dict)     # phonetic key -> name keys
    surfaces: dict[str, set[str]] = field(default_factory=dict)     # key -> written forms that must match exactly
    spellings: dict[str, set[str]] = field(default_factory=dict)    # key -> spelling keys (final e kept)
    exact: dict[str, set[str]] = field(default_factory=dict)        # key -> forms registered in capitals ("FX")
    written: set[str] = field(default_factory=set)                  # keys registered in other than capitals
    halves: set[str] = field(default_factory=set)   # halves of a compound of first names ("Jean" of Jean-Baptiste)
    whole: set[str] = field(default_factory=set)    # keys registered as a word of their own

    @classmethod
    def build(cls, names: dict[str, str | list[str]], identifiers: list[tuple[str, str, str]] = (),
              keep: list[str] = ()) -> "NameIndex":
        """`names`: participant code -> full name (or list of names: the full name, then aliases);
        `identifiers`: (text, category, tag); `keep`: words never proposed."""
        index = cls(keep={fold(k) for k in keep if k.strip()})
        for code, full_names in names.items():
            for full_name in [full_names] if isinstance(full_names, str) else full_names:
                index._add_name(code, full_name)
        for text, category, tag in identifiers:
            keys = [name_key(t) for t in WORD.findall(text)]
            if keys:
                index.identifiers.append(ListedIdentifier(keys, category, tag))
        # Longest identifiers first, so "Hôpital Sainte-Justine" wins over "Sainte-Justine".
        index.identifiers.sort(key=lambda i: -len(i.keys))
        return index

    def _add_name(self, code: str, full_name: str) -> None:
        words = WORD.findall(full_name)
        keys = [name_key(t) for t in words]
        if not keys:
            return
        self.names.append(KnownName(code, keys, [w.lower() for w in words]))
        # A name or alias registered in capitals ("FX", "JF"): written exactly so, it is that person's.
        for word, key in zip(words, keys):
            if len(word) >= 2 and word.isupper():
                self.exact.setdefault(key, set()).add(word)
            else:
                self.written.add(key)
        # The initials of a compound first name, in capitals: "JF" for Jean-François, "FX" for François-Xavier.
        compound = re.match(r"\s*([^\W\d_]+)((?:[-\u2010\u2011][^\W\d_]+)+)", full_name)
        if compound and len(words) > 1:
            parts = [compound.group(1), *re.split(r"[-\u2010\u2011]", compound.group(2))[1:]]
            initials = "".join(p[0] for p in parts).upper()
            if len(initials) == 2 and initials not in NOT_INITIALS and fold(initials) not in common_words():
                key = name_key(initials)
                self.exact.setdefault(key, set()).add(initials)
                if code not in self.by_key.setdefault(key, []):
                    self.by_key[key].append(code)
                self.names.append(KnownName(code, [key], [initials.lower()]))
        # A compound of first names ("Jean-Baptiste", "Marie-Ève"): one half alone is someone else's first name or a
        # word ("Jean", "la Saint-Jean"), not this person.
        for compound in re.findall(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)+", full_name):
            parts = re.split(r"[-\u2010\u2011]", compound)
            if all(fold(p) in first_names() for p in parts):
                self.halves.update(name_key(p) for p in parts)
        self.whole.update(name_key(w) for w in re.findall(r"(?<![\w\u2010\u2011-])[^\W\d_]+(?![\w\u2010\u2011-])", full_name))
        first = True
        for word, key in zip(words, keys):
            if word.lower() in PARTICLES and len(words) > 1:
                continue
            # A name that folds to a particle or a short word ("Lê" → "le") must be written as it is.
            if fold(word) != word.lower() and (key in PARTICLES or len(fold(word)) <= 3):
                self.surfaces.setdefault(key, set()).add(word.lower())
            if code not in self.by_key.setdefault(key, []):
                self.by_key[key].append(code)
            if len(key) >= 4:
                self.phonetic.setdefault(phonetic_key(word), set()).add(key)
                self.spellings.setdefault(key, set()).add(name_key(word, drop_final_e=False))
            if first:
                self.first_keys.setdefault(key, [])
                if code not in self.first_keys[key]:
                    self.first_keys[key].append(code)
                first = False
        # Joined forms: "Jeanfrançois", "Lachanceroy" (ASR or typing dropping the hyphen or space).
        # Particles join too: "Lafontaine", "Delafontaine", "Vandijk".
        for first in range(len(keys)):
            for last in range(first + 1, len(keys)):
                if words[last].lower() in PARTICLES and last == len(keys) - 1:
                    continue
                part = words[first:last + 1]
                # "Saintonge" and "Stonge" for St-Onge: "Saint(e)" joined either way.
                for spelling in {"".join(part), *("".join(abbreviation if name_key(w) == "saint" else w for w in part)
                                                  for abbreviation in ("st", "saint"))}:
                    joined = name_key(spelling)
                    if len(joined) >= 6 and code not in self.by_key.setdefault(joined, []):
                        self.by_key[joined].append(code)
                        self.names.append(KnownName(code, [joined], [joined]))

    def as_name(self, word: str) -> str | None:
        """The known name key a capitalised common word stands for where the context says "name" (mid-sentence, not
        after a determiner): a surname misheard into a word ("Marchant" for Marchand), one letter away or sounding
        the same, 6 letters or more; None for a first name, a listed place or a title ("Martin", "Laval", "Docteur")."""
        folded, key = fold(word), name_key(word)
        if (not word[:1].isupper() or word.isupper() or len(folded) < 6 or folded in first_names()
                or TITLE.fullmatch(word) or known_places().get(place_key(word))):
            return None
        spelling = name_key(word, drop_final_e=False)
        found = {k for k in self.by_key if len(k) >= 6 and k not in self.first_keys and (
            edit_distance_at_most_one(key, k) or any(edit_distance_at_most_one(spelling, s) for s in self.spellings.get(k, ())))}
        found |= {k for k in self.phonetic.get(phonetic_key(word), ()) if len(k) >= 6 and k not in self.first_keys}
        return found.pop() if len(found) == 1 else None

    def known_alone(self, key: str) -> bool:
        """Whether a word alone with this key is a known person: not a half of a compound of first names."""
        return key in self.by_key and (key not in self.halves or key in self.whole)

    def name_keys(self) -> set[str]:
        return set(self.by_key)

    def keys_of(self, code: str) -> set[str]:
        return {k for n in self.names if n.code == code for k in n.keys}

    def approximate(self, word: str, *, heard: bool = False) -> str | None:
        """The known name key a capitalised, uncommon word is an ASR misspelling of ("Bouchar", "Boushard",
        "Gauthié"), or a nickname of ("Steph" for Stéphanie); None when there is none or more than one.
        `heard`: also a long name one sound away, for the halves of a split name ("Bou lieu" for Beaulieu)."""
        folded, key = fold(word), name_key(word)
        # Capitalised like a name; not an all-caps acronym or colour ("CCCCCC"); not a word of the language.
        if folded in common_words() or not word[:1].isupper() or word.isupper() or len(key) < 4:
            return None
        found = set()
        if len(folded) >= 5:
            spelling = name_key(word, drop_final_e=False)
            found |= {k for k in self.by_key if len(k) >= 5 and k not in PARTICLES and (
                edit_distance_at_most_one(key, k) or any(edit_distance_at_most_one(spelling, s)
                                                         for s in self.spellings.get(k, ())))}
        if len(folded) >= 4:
            sound = phonetic_key(word)
            found |= {k for k in self.phonetic.get(sound, ()) if len(k) >= 4}
            # A long name one sound away ("Boulieu" for Beaulieu: "ou" heard for "eau").
            if heard and len(sound) >= 6:
                found |= {k for other, keys in self.phonetic.items() if len(other) >= 6
                          and edit_distance_at_most_one(sound, other) for k in keys}
            # A nickname: the start of a first name ("Steph", "Nath", "Cath"), at least 4 letters and 2 fewer.
            found |= {k for k in self.first_keys if len(k) >= len(key) + 2 and k.startswith(key)}
        return found.pop() if len(found) == 1 else None
