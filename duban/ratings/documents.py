"""The result document of a closed rating round, in the official layout."""
from pathlib import Path

from duban.ratings.models import Choice
from duban.ratings.services import round_for_reader, round_results
from duban.supervision.docs import add_heading, add_paragraph, add_signature, add_table, new_document


def round_results_docx(*, user, round_id, out) -> Path:
    results = round_results(user=user, round_id=round_id)  # refuses before the round closes
    rnd = round_for_reader(user, round_id)
    doc = new_document(f"关于{rnd.title}结果的通报")
    ballots = rnd.ballots.count()
    add_paragraph(doc, f"本次测评共有测评人{rnd.raters.count()}名，收回有效测评票{ballots}张，"
                       f"测评对象{len(results)}个。满意率按“满意”和“基本满意”票数之和占有效票数的比例计算。")
    add_heading(doc, "一、测评结果")
    add_table(doc, ["序号", "测评对象", "满意", "基本满意", "不满意", "满意率"],
              [[i, r.item.name, r.counts[Choice.SATISFIED], r.counts[Choice.BASIC], r.counts[Choice.UNSATISFIED],
                "—" if r.rate is None else f"{r.rate}%"] for i, r in enumerate(results, 1)])
    comments = [(r.item.name, c) for r in results for c in r.comments]
    if comments:
        add_heading(doc, "二、意见建议")
        for name, comment in comments:
            add_paragraph(doc, f"{name}：{comment}")
    add_signature(doc, rnd.owner_unit.name, rnd.closed_on)
    path = Path(out)
    doc.save(path)
    return path
