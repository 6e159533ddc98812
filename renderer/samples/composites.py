"""Answers to the composite questions: statements, scales, danger statements, safety
goals and plans, and the child's own words, from the family's story."""

from __future__ import annotations

from datetime import timedelta

from renderer.definitions import Field

STATEMENT_KEYS = (
    ("harm", "harm"),
    ("complicat", "complicating"),
    ("strength", "strength"),
    ("safety", "safety"),
)
SCORES = {"worker": 4, "manager": 4, "parent": 7, "child": 6, "network": 5, "other_agency": 4}


def composite(sampler, f: Field):
    w = sampler.words
    used = sampler.used

    def said(text: str, part: str) -> str:
        question = f"{f.id}.{part}"
        text = w.stretch(w.unique(text, used, question), sampler.length)
        used[text] = question
        return text

    fam = sampler.family
    if f.type == "statement_list":
        key = next((k for word, k in STATEMENT_KEYS if word in f.id), "worry")
        who = (f"{fam.mother.first_name} (mother)", fam.get("teacher").full_name)
        return [
            {
                "statement": said(w.scenario(key) if n == 0 else w.scenario("impact"), "statement"),
                "who_said": who[n % 2],
                "when": (sampler.referral + timedelta(days=1 + 2 * n)).isoformat(),
                "source": ("Home visit", "Phone call")[n % 2],
            }
            for n in range(max(2, sampler.items))
        ]
    if f.type == "scale":
        raters = f.raters or ("worker",)
        return {
            "ratings": [
                {
                    "rater": rater,
                    "score": SCORES.get(rater, 5),
                    "why": said(
                        w.scenario("strength") if SCORES.get(rater, 5) > 5 else w.scenario("worry"),
                        "why",
                    ),
                    "next_step": said(
                        w.fill("{nan} agrees to have the children at weekends"), "next_step"
                    ),
                }
                for rater in raters
            ]
        }
    if f.type == "danger_statement":
        return [
            {
                "who_is_worried": f"Children's social care, {fam.school} and the police",
                "behaviour": said(w.scenario("behaviour"), "behaviour"),
                "what_could_happen": said(w.scenario("could_happen"), "what_could_happen"),
                "impact_on_child": said(w.scenario("impact"), "impact_on_child"),
                "disagreements": said(
                    w.fill("{dad} says it has only happened once."), "disagreements"
                ),
            }
        ]
    if f.type == "safety_goal":
        return [
            {
                "parents_will": said(w.scenario("goal_parents"), "parents_will"),
                "child_will_experience": said(
                    w.fill("Calm evenings, tea at 6 and {his} bedtime story with {mum}"),
                    "child_will_experience",
                ),
                "professionals_will_see": said(
                    w.fill("{child} on time and rested at school, and calm home visits"),
                    "professionals_will_see",
                ),
                "for_how_long": "Six months",
            }
        ]
    if f.type == "safety_plan":
        nan = fam.get("grandparent")
        return {
            "rules": [
                {
                    "rule": said(w.scenario("rule"), "rule"),
                    "who_makes_sure": nan.full_name,
                    "phone": nan.phone,
                },
            ],
            "red_flags": [said(w.scenario("red_flag"), "red_flags")],
            "monitoring": said(
                w.fill(
                    "{nan} and {teacher_title} check in with {mum} every "
                    "week and call the social worker if a rule is broken."
                ),
                "monitoring",
            ),
        }
    if f.type == "childs_words":
        # A child under five says a few words about pictures; an older child says more.
        young = (fam.child.age_on(sampler.today) or 5) < 5
        voice = "young_" if young else "child_"
        return {
            "variant": f.variant or "three_houses",
            "worries": said(w.scenario(voice + "worries"), "worries"),
            "good_things": said(w.scenario(voice + "good"), "good_things"),
            "dreams": said(w.scenario(voice + "dreams"), "dreams"),
            "facilitated_by": w.fill(
                "The social worker at {school}, pointing at pictures with {him}; "
                "we wrote down {his} words"
                if young
                else "The social worker, at school, with {teacher_title}"
            ),
            "consent_to_share": "yes",
        }
    if f.type == "file":
        kind = f.accept[0] if f.accept else "pdf"
        return {"file_id": f"sample-{f.id}", "name": f"{f.id}.{kind}", "bytes": 48_213}
    if f.type == "manager_authorisation":
        return {
            "decision": "approve",
            "comments": "Agreed: the plan is proportionate.",
            "manager": "Mo Hassan",
            "date": sampler.today.isoformat(),
        }
    return None
