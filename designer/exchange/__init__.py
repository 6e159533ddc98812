"""Exchange with other councils: importing a bundle (upload, preview each change, choose,
send for approval, approve, publish). The screens hang on the history blueprint, under
/library/imports; exporting is the change engine's (designer.changes.bundle).

- `screens`: the import screens;
- `steps`: each step checked, done and audited;
- `choices`: the preview change by change, and a person's choices applied;
- `uploads`: the uploaded bundle and the choices kept on disk between steps;
- `review_service`: an import as a draft under the same review as local changes.
"""
