#!/usr/bin/env python3
"""Checks the reports of a `clrhost-conformance run` with parsers other than the suite's own:
the JUnit file parses as XML (xml.dom.minidom) and the JSON file as JSON with schema version 2.

    check_reports.py REPORT.xml REPORT.json SCENARIO OUTCOME
    check_reports.py REPORT.xml

With one argument, only that the XML parses (the unit tests' report of escaped strings, written
by reports_test.cpp). SCENARIO ("doc-table:vb") must be a <testcase> and a JSON result whose outcome is OUTCOME, and
the <testcase> carries a <failure> exactly when OUTCOME is FAIL or XPASS.
"""
import json
import sys
import xml.dom.minidom
import xml.parsers.expat


def main(xml_path, json_path, scenario, outcome):
    document = xml.dom.minidom.parse(xml_path)
    root = document.documentElement
    assert root.tagName == "testsuites", f"root element is <{root.tagName}>"
    assert len(root.getElementsByTagName("testsuite")) == 1, "expected one <testsuite>"
    cases = [c for c in root.getElementsByTagName("testcase") if c.getAttribute("name") == scenario]
    assert len(cases) == 1, f"{len(cases)} <testcase name={scenario!r}>"
    has_failure = bool(cases[0].getElementsByTagName("failure"))
    assert has_failure == (outcome in ("FAIL", "XPASS")), f"<failure> present: {has_failure}"

    with open(json_path, encoding="utf-8") as file:
        report = json.load(file)
    assert report["schema"] == "clrhost-conformance-report", report["schema"]
    assert report["version"] == 2, report["version"]
    for field in ("suite_version", "git_revision", "host", "plugin_abi_version", "runtime",
                  "driver", "exerciser", "results", "summary"):
        assert field in report, f"no {field!r}"
    for result in report["results"]:
        statuses = {rule["status"] for rule in result["rule_status"].values()}
        assert statuses <= {"PASS", "FAIL", "NOT EXERCISED"}, statuses
    assert set(report["host"]) >= {"name", "version", "path"}, report["host"]
    results = [r for r in report["results"] if r["scenario"] == scenario]
    assert len(results) == 1, f"{len(results)} results for {scenario}"
    assert results[0]["outcome"] == outcome, f"outcome {results[0]['outcome']}, expected {outcome}"
    print(f"{xml_path} and {json_path}: well-formed, {scenario} {outcome}")


def parses(xml_path):
    xml.dom.minidom.parse(xml_path)
    print(f"{xml_path}: well-formed")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 5):
        sys.exit(__doc__)
    try:
        (parses if len(sys.argv) == 2 else main)(*sys.argv[1:])
    except (AssertionError, KeyError, ValueError, xml.parsers.expat.ExpatError) as error:
        sys.exit(f"check_reports.py: {type(error).__name__}: {error}")
