from pathlib import Path

from renkei.config import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_configuration_table_is_generated_from_the_code():
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- config-table -->\n")[1].split("\n<!-- /config-table -->")[0]
    assert table == markdown_table()
