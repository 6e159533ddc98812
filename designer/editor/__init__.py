"""The visual designer: the library, the form editor, preview, review and publishing.

Register `designer.editor.routes.bp`. The folders say what each part edits:

- `forms/`: a form's sections and questions (operations, the properties panel, preview,
  the expert YAML view, what a question is used for);
- `pathways/`: a pathway's stages, transitions, triggers, timescales and wording;
- `conditions/`: the conditions builder shared by questions, transitions and triggers
  (rows <-> JSON Logic, the inputs, the sentence, "try this rule");
- `review/`: proposing, reviewers' views, approval, asking for changes, rejecting,
  publishing, and what publishing will do (impact);
- here: the blueprint, the drafts service, checking a draft, the library page and the
  duplication finder.

Only `service.py` and `*_service.py` modules touch the database session
(tests/test_house.py). The pure modules (operations, conditions, checking, duplication)
import nothing of Flask.
"""
