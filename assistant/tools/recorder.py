"""What the tools of one turn produced, so the Reply carries it whichever engine answered."""

from dataclasses import dataclass, field

from assistant.contracts import Artifact, Citation


@dataclass
class Recorder:
    citations: list[Citation] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def cite(self, citations) -> None:
        known = {(c.doc_id, c.heading) for c in self.citations}
        for citation in citations:
            if (citation.doc_id, citation.heading) not in known:
                known.add((citation.doc_id, citation.heading))
                self.citations.append(citation)

    def keep(self, artifacts) -> None:
        """Keep artefacts; a newer one of the same type replaces the older."""
        for artifact in artifacts:
            self.artifacts = [a for a in self.artifacts if a.type != artifact.type] + [artifact]
