"""GrowthDoc: diagnoses the marketing of Vietnamese SMEs and drafts what comes next."""

__version__ = "0.1.0"
