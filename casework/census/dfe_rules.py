"""Run the DfE's children in need rules (csc-validator-be-cin) on one census file.

Run by path in the validator's own environment, never imported by the service:
    .venv-cin/bin/python casework/census/dfe_rules.py FILE.xml cin2026_27
Prints one JSON list: each failure's rule, ERROR or QUERY, the DfE's words, the child
(LAchildID) and the table and column it is in.
"""

import importlib
import json
import sys
import xml.etree.ElementTree as ET  # noqa: S405 - parses only the file we just wrote


def main(path: str, ruleset: str) -> None:
    from cin_validator import cin_validator

    module = importlib.import_module(f"cin_validator.rules.{ruleset}")
    registry = module.registry
    root = ET.parse(path).getroot()  # noqa: S314
    data = cin_validator.process_data(cin_validator.convert_data(root))
    validator = cin_validator.CinValidator(data, registry)
    kinds = {str(rule.code): str(rule.rule_type.name) for rule in registry.values()}
    found = []
    for row in validator.full_issue_df.to_dict("records"):
        found.append(
            {
                "rule": str(row.get("rule_code")),
                "kind": kinds.get(str(row.get("rule_code")), "ERROR"),
                "message": str(row.get("rule_description") or ""),
                "child": None
                if row.get("child_id") != row.get("child_id")
                else row.get("child_id"),
                "table": str(row.get("tables_affected") or ""),
                "column": str(row.get("columns_affected") or ""),
            }
        )
    for row in validator.multichild_issues.to_dict("records"):
        found.append(
            {
                "rule": str(row.get("rule_code")),
                "kind": kinds.get(str(row.get("rule_code")), "ERROR"),
                "message": str(row.get("rule_description") or ""),
                "child": None,
                "table": "",
                "column": "",
            }
        )
    json.dump(found, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
