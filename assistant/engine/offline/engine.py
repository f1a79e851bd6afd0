"""The offline engine: deterministic, grounded, templated — a real assistant without a model."""

from pathlib import Path
from typing import Iterator

from assistant.contracts import (
    Artifact,
    Diagnosis,
    Reply,
    TurnContext,
    empty_snapshot,
    stored_diagnosis,
)
from assistant.core.errors import UserFacingError
from assistant.core.templates import text as t
from assistant.engine.chunks import chunk_text
from assistant.engine.offline import consult, flow, kinds
from assistant.engine.offline.answers import answer_parts
from assistant.engine.offline.data import data_answer, upload_summary
from assistant.engine.offline.intents import IntentClassifier
from assistant.intake import conflicts
from assistant.intake.absorb import absorb, slot_filled
from assistant.intake.practices import bare_answer
from assistant.intake.reader import asks_for_a_verdict, is_decline
from assistant.intake.text import looks_like_question, statements
from assistant.tools import actions

SHOWN_ACTIONS = 1  # actions in the text reply (one phone screen); the card lists them all
HANDLED_FIRST = ("summary", "start_over", "smart_goal", "draft_agenda", "draft_sla", "kpi_tree", "report", "kpi_advice")
INTAKE_INTENTS = ("diagnose", "go_ahead", "data_question", "method_question", "unknown")


class OfflineEngine:
    """Intent → handler; the intake fills the snapshot across turns and diagnoses when it can."""

    name = "offline"

    def __init__(self, knowledge_dir: Path, search=None, classifier: IntentClassifier | None = None):
        self.knowledge_dir = knowledge_dir
        self.search = search
        self.classifier = classifier or IntentClassifier()

    def stream(self, ctx: TurnContext, message: str) -> Iterator[str | Reply]:
        """The reply in word-aligned deltas, then the Reply."""
        reply = self.respond(ctx, message)
        yield from chunk_text(reply.text)
        yield reply

    def respond(self, ctx: TurnContext, message: str) -> Reply:
        """Answer one message; every figure it stores or changes is said back in the reply."""
        picked = conflicts.choice(message) if ctx.snapshot.get("conflicts") else None
        if picked and conflicts.pending(ctx.snapshot, picked):
            return self._settle(ctx, message, picked)
        files = conflicts.between_files(ctx.snapshot, message) if ctx.snapshot.get("conflicts") else []
        if files:
            return self._settle_files(ctx, files)
        findings: list = []
        ctx.intake.pop("kind", None)
        reply = self._respond(ctx, message, findings)
        if not ctx.intake.pop("shown", False) and findings:  # stored by a turn another handler answered
            reply.text = t("engine.noted", ctx.lang, findings=findings) + "\n\n" + reply.text
        return reply

    def _respond(self, ctx: TurnContext, message: str, findings: list) -> Reply:
        was_asked = ctx.intake.get("asked")
        ruled = self.classifier.rule(message)
        practices = ruled not in HANDLED_FIRST and (was_asked == "strategy" or ruled in ("diagnose", "go_ahead")
                                                    or not looks_like_question(statements(message)))
        findings += absorb(ctx, message, self.knowledge_dir, practices=practices)
        conflicts.typed_again(ctx.snapshot, {f.field for f in findings})
        doubts = ctx.intake.get("doubts") or []
        if doubts and not ctx.intake.get("go"):  # "CPL 21đ": asked back before any verdict rests on it
            return self._doubt(ctx, findings, doubts[0])
        if ctx.intake.pop("confirming", False) and not findings and bare_answer(message) is not None:
            return self._intake(ctx, findings)  # "đúng rồi" / "yes, that's right": the figure stands, go on
        news = bool(findings) or ctx.intake.pop("practice_news", False)
        # with figures in it, the message is the owner's business: only what it asks can make it another kind
        # ("…, 95.000 tiếp cận, 40 tin nhắn. Vậy có ổn không?" is no glossary question about reach)
        asked = kinds.asked_part(message) if findings else message
        kind = kinds.classify(asked, diagnosed=bool(ctx.diagnosis)) if asked and ruled not in HANDLED_FIRST else None
        if kind is not None and (findings or ctx.intake.pop("untracked", False)) and kind.name in ("decline", "capability"):
            kind = None  # a message with figures in it is the owner's business, whatever else it says
        if kind is not None and kind.name == "plan" and findings and not kinds.asks(message):
            kind = None  # "we want to reach 200 million a month": a goal stated, not a planning question
        if kind is not None:
            before = stored_diagnosis(ctx.diagnosis)
            reply = self._consult(ctx, kind, message, findings)
            if reply is not None:
                ctx.intake.setdefault("kind", kind.name)
                if kind.name == "plan" and findings and before is not None:
                    reply.text = self._verdict_after(ctx, before) + reply.text
                elif kind.name == "plan" and before is None and flow.has_data(ctx) and (flow.ready(ctx) or flow.has_money(ctx)):
                    reply = self._verdict_with(ctx, reply)
                return reply
        if ctx.intake.get("go") and asks_for_a_verdict(message) and flow.has_data(ctx):
            return self._intake(ctx, findings)  # "có lời không hè?" on money alone: the verdict there is, not a lesson
        answered = news or (was_asked and is_decline(message))  # an intake answer needs no embedding
        intent = self.classifier.classify(message, nearest=not answered)
        if ctx.intake.pop("awaiting", None) == "smart_goal" and intent in ("unknown", "method_question"):
            intent = "smart_goal"
        if intent in HANDLED_FIRST:
            return self._handle(intent, ctx, message)
        if intent == "go_ahead" or (news and intent in INTAKE_INTENTS + ("smalltalk", "out_of_scope")):
            return self._intake(ctx, findings)
        if intent == "diagnose" or (was_asked and intent in ("unknown", "smalltalk")):
            return self._intake(ctx, findings, start=not flow.has_data(ctx))
        return self._handle(intent, ctx, message)

    def _reply(self, ctx: TurnContext, body: str, citations=(), artifacts=()) -> Reply:
        return Reply(text=body, citations=list(citations), artifacts=list(artifacts), lang=ctx.lang)

    # intake and diagnosis
    def _intake(self, ctx: TurnContext, findings, start: bool = False) -> Reply:
        ctx.intake["shown"] = bool(findings)
        industry = ctx.intake.pop("industry_news", None)
        lines = [t("engine.noted_industry", ctx.lang, industry=industry)] if industry else []
        if flow.has_data(ctx) and (flow.ready(ctx) or ctx.diagnosis):
            return self._diagnose(ctx, lines, findings)
        lines = ([t("engine.noted", ctx.lang, findings=findings)] if findings else []) + lines
        slot = flow.next_slot(ctx)
        ctx.intake["kind"] = "intake"
        if start:
            lines.append(t("engine.intake_start", ctx.lang))
        if slot is None:
            lines.append(t("engine.need_data", ctx.lang))
        else:
            ctx.intake["asked"] = slot
            lines.append(t(f"engine.ask_{slot}", ctx.lang))
        chips = self._chips(ctx, findings)
        return self._reply(ctx, "\n\n".join(lines), artifacts=chips)

    @staticmethod
    def _chips(ctx: TurnContext, findings) -> list[Artifact]:
        """The figures in use as editable chips, when the turn stored any."""
        return [Artifact(type="figures", data={"figures": actions.figures_in_use(ctx.snapshot)})] if findings else []

    def _doubt(self, ctx: TurnContext, findings, doubt: dict) -> Reply:
        """A figure no small business has, worded back: the owner confirms or fixes it before the verdict."""
        ctx.intake["kind"] = "intake"
        ctx.intake["shown"] = True
        ctx.intake["confirming"] = True  # the next "đúng rồi" confirms, a new figure replaces
        if doubt.get("spend"):
            ctx.intake["asked"] = "spend"  # "à nhầm, 30 triệu": the amount is the ad spend
        if findings:  # the doubt rides on the figure it concerns, in the noted line
            body = t("engine.noted", ctx.lang, findings=findings)
        else:
            body = t("engine.doubt", ctx.lang, d=doubt)
        chips = self._chips(ctx, findings)
        return self._reply(ctx, body, artifacts=chips)

    def _diagnose(self, ctx: TurnContext, lines: list[str], findings=(), lead=(), full: bool = False) -> Reply:
        """The figures in use first (after `lead`, what an upload read), what changed marked, then the diagnosis.

        After the first diagnosis a typed turn says only what changed (figures, rates, verdict); the card
        below the reply carries the whole diagnosis again."""
        ctx.intake["go"] = False
        before = stored_diagnosis(ctx.diagnosis)
        diagnosis = actions.run_diagnosis(ctx)
        fixed = [f.field for f in findings if f.correction and not f.removed]
        removed = [f.field for f in findings if f.removed]
        delta = before is not None and not lead and not full
        ctx.intake["kind"] = "delta" if delta else "diagnosis"
        if delta:
            ctx.intake["shown"] = True
            offer = not ctx.intake.get("offered") and ctx.intake.get("asked") is None
            ctx.intake["offered"] = ctx.intake.get("offered") or offer  # the drafts held back beside the strategy question
            body = consult.delta(ctx, before, findings, fixed, removed, offer=offer)
            citations, _ = actions.cited_actions(diagnosis, limit=SHOWN_ACTIONS)  # what the card's first actions cite
            return self._reply(ctx, "\n\n".join([*lines, body]), citations, actions.diagnosis_artifacts(ctx))
        citations, refs = actions.cited_actions(diagnosis, limit=SHOWN_ACTIONS)
        in_use = actions.figures_in_use(ctx.snapshot)
        using = t("engine.using", ctx.lang, figures=in_use, fixed=fixed, removed=removed) if in_use or removed else None
        strategy = self._strategy_question(ctx)
        unseen = _funnel_unseen(stored_diagnosis(ctx.diagnosis))
        question = None if strategy or unseen is not None else self._new_question(ctx, diagnosis)
        offer = not strategy and not ctx.intake.get("offered")  # one question a reply; drafts offered once a session
        ctx.intake["offered"] = ctx.intake.get("offered") or offer
        body = t("engine.diagnosis", ctx.lang, d=diagnosis, refs=refs, question=question, strategy=strategy,
                 econ=consult.economics(ctx), shown=SHOWN_ACTIONS, offer=offer, unseen=unseen,
                 customer=(ctx.snapshot.get("business") or {}).get("customer"))
        lines = [*lead, *([using] if using else []), *lines, body]
        return self._reply(ctx, "\n\n".join(lines), citations, actions.diagnosis_artifacts(ctx))

    def _verdict_with(self, ctx: TurnContext, plan: Reply) -> Reply:
        """A planning question once the figures allow a verdict ("không đếm tin nhắn. Có nên chạy thêm ads không?"):
        the verdict first, the plan after it — a plan is aimed at the bottleneck."""
        verdict = self._diagnose(ctx, [], ())
        ctx.intake["shown"] = True  # the figures in use head the verdict
        verdict.text += "\n\n" + plan.text
        verdict.citations += [c for c in plan.citations if c not in verdict.citations]
        verdict.artifacts += plan.artifacts
        return verdict

    @staticmethod
    def _verdict_after(ctx: TurnContext, before: Diagnosis) -> str:
        """A goal or budget given with a planning question re-diagnoses ("mục tiêu 500 đơn, làm sao đạt?"): the
        verdict's move, said before the plan; nothing when it holds."""
        was, now = consult.verdict_of(before), consult.verdict_of(actions.diagnose_session(ctx))
        return "" if was == now else t("dialogue.verdict_line", ctx.lang, before=was, after=now) + "\n\n"

    @staticmethod
    def _strategy_question(ctx: TurnContext) -> str | None:
        """Beside a first verdict given at once, the strategy question, if the session has not settled it."""
        if slot_filled(ctx, "strategy") or "strategy" in ctx.intake.get("declined", []) \
                or "strategy" in ctx.intake.setdefault("questions", []):
            return None
        ctx.intake["questions"].append("strategy")
        ctx.intake["asked"] = "strategy"  # the owner's next words are read as the answer
        return t("engine.ask_strategy_beside", ctx.lang)

    @staticmethod
    def _new_question(ctx: TurnContext, diagnosis: dict) -> str | None:
        """The first missing-data question not asked before in this session (never the same one twice)."""
        asked = ctx.intake.setdefault("questions", [])
        for item in diagnosis.get("missing_data") or []:
            if item["field"] not in asked and item.get("question"):
                asked.append(item["field"])
                return item["question"]
        return None

    def _consult(self, ctx: TurnContext, kind, message: str, findings) -> Reply | None:
        """Glossary, why, disagreement, planning, comparison, capability, decline; None hands the turn back."""
        if kind.name == "disagree" and findings and flow.has_data(ctx):
            reply = self._diagnose(ctx, [], findings)  # new facts: re-diagnose, say what moved
            return reply
        if kind.name == "glossary":
            body, cites = consult.glossary(ctx, self.search, kind, message)
        elif kind.name == "why":
            out = consult.why(ctx)
            if out is None:
                return self._intake(ctx, findings, start=not flow.has_data(ctx))
            body, cites = out
        elif kind.name == "disagree":
            body, cites = consult.disagree(ctx, message)
        elif kind.name == "plan":
            if not flow.has_data(ctx):  # nothing to plan from yet: ask for the month's figures
                return self._intake(ctx, findings, start=True)
            body, cites = consult.plan(ctx, kind, message, findings)
        elif kind.name == "compare":  # this month vs the previous one, from an export spanning months
            body, cites = actions.compare_answer(ctx), []
        elif kind.name == "capability":
            body, cites = consult.capability(ctx, kind)
        else:
            body, cites = consult.decline(ctx)
        return self._reply(ctx, body, cites)

    def _settle(self, ctx: TurnContext, message: str, picked: str) -> Reply:
        """The owner chose between a file's figure and their typed one; re-diagnose with the choice."""
        settled = conflicts.settle(ctx.snapshot, picked, conflicts.named_fields(message))
        lines = [t("engine.conflict_settled", ctx.lang, items=settled, choice=picked)]
        if flow.has_data(ctx) and (flow.ready(ctx) or ctx.diagnosis):
            return self._diagnose(ctx, lines, full=True)  # the owner chose between two sources: show all in use
        return self._reply(ctx, lines[0])

    def _settle_files(self, ctx: TurnContext, picks) -> Reply:
        """The owner chose which of two disagreeing files to believe; re-diagnose with it."""
        lines = [t("engine.files_settled", ctx.lang, items=conflicts.settle_files(ctx.snapshot, picks))]
        if flow.has_data(ctx) and (flow.ready(ctx) or ctx.diagnosis):
            return self._diagnose(ctx, lines)
        return self._reply(ctx, lines[0])

    # the other intents
    def _handle(self, intent: str, ctx: TurnContext, message: str) -> Reply:
        handler = getattr(self, f"_on_{intent}", None) or self._on_unknown
        ctx.intake["kind"] = intent
        return handler(ctx, message)

    def _on_method_question(self, ctx: TurnContext, message: str) -> Reply:
        if self.search is None:
            return self._reply(ctx, t("engine.search_unavailable", ctx.lang))
        try:
            hits = self.search.search(message, k=5, lang=ctx.lang)
        except UserFacingError as err:
            return self._reply(ctx, err.message(ctx.lang))
        parts = answer_parts(hits, message)
        if not parts or parts[0]["overlap"] == 0:
            return self._reply(ctx, t("engine.no_answer", ctx.lang))
        return self._reply(ctx, t("engine.method_answer", ctx.lang, parts=parts),
                           [p["hit"].to_citation() for p in parts])

    def _on_data_question(self, ctx: TurnContext, message: str) -> Reply:
        return self._reply(ctx, data_answer(ctx, message))

    def _draft(self, ctx: TurnContext, kind: str) -> Reply:
        artifact = actions.make_draft(ctx, kind)
        body = t("engine.draft_intro", ctx.lang, kind=kind) + "\n\n" + artifact.data["markdown"]
        return self._reply(ctx, body, consult.citations_of_draft(artifact), [artifact])

    def _on_draft_agenda(self, ctx, message):
        return self._draft(ctx, "agenda")

    def _on_draft_sla(self, ctx, message):
        return self._draft(ctx, "sla")

    def _on_kpi_tree(self, ctx, message):
        return self._draft(ctx, "kpi_tree")

    def _on_report(self, ctx: TurnContext, message: str) -> Reply:
        artifact = actions.make_report(ctx)
        return self._reply(ctx, t("engine.draft_intro", ctx.lang, kind="report"),
                           actions.diagnosis_citations(ctx.diagnosis), [artifact])

    def _on_smart_goal(self, ctx: TurnContext, message: str) -> Reply:
        if not flow.states_a_goal(message):
            ctx.intake["awaiting"] = "smart_goal"
            return self._reply(ctx, t("engine.smart_ask", ctx.lang))
        result = actions.check_goal(message, ctx.lang)
        return self._reply(ctx, t("engine.smart_result", ctx.lang, r=result),
                           artifacts=[Artifact(type="smart", data=result)])

    def _on_kpi_advice(self, ctx: TurnContext, message: str) -> Reply:
        named = actions.classify_kpi(message, ctx.lang)
        if named and flow.asks_about_one_kpi(message):
            return self._reply(ctx, t("engine.kpi_class", ctx.lang, r=named))
        if not flow.has_data(ctx) and not ctx.diagnosis:
            return self._on_method_question(ctx, message)
        diagnosis = actions.shown_diagnosis(ctx)
        return self._reply(ctx, t("engine.kpi_advice", ctx.lang, kpis=diagnosis["kpis_to_track"]),
                           actions.diagnosis_citations(diagnosis, limit=2))

    def _on_summary(self, ctx: TurnContext, message: str) -> Reply:
        """What the session knows: figures, sector, practices, and the pillar if diagnosed."""
        snapshot = ctx.snapshot
        figures = [{"field": k, "value": v} for k, v in (snapshot.get("funnel") or {}).items() if v is not None]
        figures += [{"field": k, "value": snapshot[k]} for k in ("spend", "revenue", "target_revenue")
                    if snapshot.get(k) is not None]
        practices = {k: v for k, v in (snapshot.get("practices") or {}).items() if v is not None}
        first = (ctx.diagnosis or {}).get("pillar_priority", [None])[0]
        return self._reply(ctx, t("engine.summary", ctx.lang, findings=figures, practices=practices, pillar=first,
                                  industry=(snapshot.get("business") or {}).get("industry")))

    def _on_start_over(self, ctx: TurnContext, message: str) -> Reply:
        """Forget the figures, answers and diagnosis of this session (history and uploads stay)."""
        ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts = empty_snapshot(), {"asked": "leads", "kind": "start_over"}, None, {}
        return self._reply(ctx, t("engine.started_over", ctx.lang) + "\n\n" + t("engine.ask_leads", ctx.lang))

    def _on_help(self, ctx, message):
        return self._reply(ctx, t("engine.help", ctx.lang))

    def _on_smalltalk(self, ctx: TurnContext, message: str) -> Reply:
        thanks = flow.is_thanks(message)
        return self._reply(ctx, t("engine.thanks" if thanks else "engine.hello", ctx.lang))

    def _on_out_of_scope(self, ctx, message):
        return self._reply(ctx, t("engine.out_of_scope", ctx.lang))

    def _on_unknown(self, ctx: TurnContext, message: str) -> Reply:
        if is_decline(message):  # "không biết" to a question the diagnosis asked: fine, go on
            return self._reply(ctx, t("engine.fine_unknown", ctx.lang))
        if not looks_like_question(message) and not flow.has_data(ctx):
            return self._intake(ctx, [], start=True)  # "chị làm studio chụp ảnh cưới ở Cần Thơ": her numbers next
        if self.search is not None:
            reply = self._on_method_question(ctx, message)
            if reply.citations:
                return reply
        return self._reply(ctx, t("engine.out_of_scope", ctx.lang))

    def _on_go_ahead(self, ctx, message):
        return self._intake(ctx, [])

    def _on_diagnose(self, ctx, message):
        return self._intake(ctx, [], start=True)

    # uploads
    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply:
        """Say what was read from an upload; diagnose at once if the data now allows it."""
        summary = upload_summary(ctx, filename, report)
        disagree = conflicts.open_conflicts(ctx.snapshot)
        lines = [t("engine.conflicts", ctx.lang, items=disagree)] if disagree else []
        kpis = Artifact(type="kpis", data=report)
        if len(ctx.snapshot.get("funnel") or {}) >= 2:
            reply = self._diagnose(ctx, lines, lead=[summary])
            reply.artifacts.insert(0, kpis)
            return reply
        lines = [summary, *lines, t("engine.after_upload_next", ctx.lang)]
        return self._reply(ctx, "\n\n".join(lines), artifacts=[kpis])


def _funnel_unseen(diagnosis: Diagnosis | None) -> int | None:
    """How many funnel counts a measurement verdict rests on, when it is one because fewer than two are known
    (rule 2): said with the verdict, with what would let the next one find the bottleneck."""
    rule = diagnosis.reasons[0] if diagnosis and diagnosis.reasons else None
    return int(rule.params.get("known") or 0) if rule and rule.key.endswith("rule_measurement_funnel") else None
