"""What the tools of one turn produced, so the Reply carries it whichever engine answered.

Citations are numbered in the order they were first recorded: [1] is `citations[0]`. The ids given
to the model are these numbers, so a reply's [n] can be checked against what the turn holds.
"""

from dataclasses import dataclass, field

from assistant.contracts import Artifact, Citation


@dataclass
class Recorder:
    citations: list[Citation] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def _keys(self) -> list[tuple]:
        return [(c.doc_id, c.heading) for c in self.citations]

    def cite(self, citations) -> list[int]:
        """Record citations (new ones appended); their ids, 1-based, in the order given."""
        ids = []
        for citation in citations:
            citation = citation if isinstance(citation, Citation) else Citation.model_validate(citation)
            key = (citation.doc_id, citation.heading)
            if key not in self._keys():
                self.citations.append(citation)
            ids.append(self._keys().index(key) + 1)
        return ids

    def ids(self, citations) -> list[int]:
        """The ids of citations already recorded (others are left out)."""
        keys = self._keys()
        out = []
        for raw in citations:
            citation = raw if isinstance(raw, Citation) else Citation.model_validate(raw)
            key = (citation.doc_id, citation.heading)
            if key in keys and keys.index(key) + 1 not in out:
                out.append(keys.index(key) + 1)
        return out

    def keep(self, artifacts) -> None:
        """Keep artefacts; a newer one of the same type replaces the older."""
        for artifact in artifacts:
            self.artifacts = [a for a in self.artifacts if a.type != artifact.type] + [artifact]
