"""A citation points a reader at the knowledge chunk a claim comes from."""

from pydantic import BaseModel


class Citation(BaseModel):
    doc_id: str          # front-matter id of the knowledge file, e.g. "silos"
    title: str           # the file's title
    heading: str         # heading path inside the file, e.g. "Silo 6 › SLA marketing–sales"
    source: str          # path of the knowledge file, e.g. "knowledge/silos.md"

    @property
    def label(self) -> str:
        return f"{self.title} › {self.heading}" if self.heading else self.title
