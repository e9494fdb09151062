"""Legal references: every criterion cites the clause it implements.

Following OpenFisca's practice of dating parameters and carrying their legal reference, a
:class:`Clause` names the document, the place in it, the words it implements and how sure we are
of those words (:class:`Provenance`, as in ``shared/domain/README.md``).
"""

from __future__ import annotations

import enum

from attrs import frozen

__all__ = ["Provenance", "Clause"]


class Provenance(enum.StrEnum):
    """How well the wording behind a rule is attested."""

    #: Same wording in two or more independent public restatements of the official text.
    VERIFIED_MULTI = "V-multi"
    #: Wording found in a single public restatement.
    VERIFIED_ONE = "V-1"
    #: Third-party compilations only: rules built on it are provisional.
    THIRD_PARTY = "3P"
    #: Not found or conflicting sources: never hard-coded, only an option or placeholder.
    UNVERIFIED = "UNVERIFIED"
    #: A reading the library makes where the text is silent (documented as an option).
    LIBRARY = "library"

    @property
    def provisional(self) -> bool:
        """Whether a verdict built on this provenance must be flagged provisional."""
        return self in (Provenance.THIRD_PARTY, Provenance.UNVERIFIED)


@frozen
class Clause:
    """Where a rule comes from: document, place in it, the words, and their provenance.

    >>> c = Clause("工信部企业〔2022〕63号", "附件2 二", "上年度研发费用总额不低于100万元")
    >>> str(c)
    '工信部企业〔2022〕63号 附件2 二'
    """

    document: str
    ref: str
    text: str = ""
    provenance: Provenance = Provenance.VERIFIED_MULTI

    def __str__(self) -> str:
        return f"{self.document} {self.ref}".strip()
