"""The seven documents omnidoc writes for a project. The real app asks an LLM (LLM_PROVIDER, GEMINI_API_KEY);
this sample writes a fixed outline instead, so it needs no network and no key."""

import os
import time

DOCUMENTS = (
    "product-requirements",
    "user-stories",
    "system-architecture",
    "api-specification",
    "database-schema",
    "test-plan",
    "deployment-guide",
)

SECTIONS = ("Overview", "Goals", "Scope", "Details", "Risks", "Open questions")


def generate(document: str, project_id: str) -> str:
    """The document's text. Takes GENERATION_SECONDS (default 0.2) to stand in for the LLM call."""
    time.sleep(float(os.environ.get("GENERATION_SECONDS", "0.2")))
    title = document.replace("-", " ").title()
    body = "\n\n".join(f"## {section}\n\n{title} for project {project_id}: {section.lower()}." for section in SECTIONS)
    return f"# {title}\n\n{body}\n"
