"""Past posts carry what analytics needs (publish time, format, reach, clicks, saves, video
views), mapped like the other columns, and a cell that does not read names file, row and
column. brand.toml's [calendar] is as strict as the rest of the profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.brand import load_profile
from knowledge.errors import InvalidBrand
from knowledge.sources import SourceError
from knowledge.sync import read_source


def _posts(tmp_path: Path, text: str, name: str = "posts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_fields_are_read_and_mapped(tmp_path: Path) -> None:
    path = _posts(
        tmp_path,
        "platform,Publish time,Post type,text,likes,impressions,Reach,Link clicks,saves\n"
        'Instagram,2025-03-04T18:30:00+01:00, REEL ,Hello,10,1000,800,"1,204",3\n'
        "facebook,2025-03-05,Photo,Bonjour,1,100,,,\n",
    )
    columns = {
        "published_at": "Publish time",
        "format": "Post type",
        "reach": "Reach",
        "clicks": "Link clicks",
    }
    first, second = read_source(path, "post", "posts/posts.csv", columns)
    assert first.metadata["published_at"] == "2025-03-04T18:30:00+01:00"
    assert first.metadata["format"] == "reel"
    assert (first.metadata["reach"], first.metadata["clicks"], first.metadata["saves"]) == (
        800,
        1204,
        3,
    )
    assert second.metadata["published_at"] == "2025-03-05"  # a bare date still reads
    assert "reach" not in second.metadata and "clicks" not in second.metadata


def test_an_export_without_the_new_fields_keeps_its_chunk_ids(tmp_path: Path) -> None:
    path = _posts(tmp_path, "platform,date,text,likes\nx,2025-01-01,Hi,3\n")
    (chunk,) = read_source(path, "post", "p.csv")
    assert not {"published_at", "format", "reach", "clicks", "saves", "video_views"} & set(
        chunk.metadata
    )


@pytest.mark.parametrize(
    ("header", "cell", "says"),
    [
        ("Publish time", "04/03/2025 18:30", "row 2, column 'Publish time'"),
        ("Reach", "12k", "row 2, column 'Reach'"),
        ("Reach", "-4", "row 2, column 'Reach'"),
    ],
)
def test_a_bad_cell_names_file_row_and_column(
    tmp_path: Path, header: str, cell: str, says: str
) -> None:
    path = _posts(tmp_path, f"platform,text,{header}\nx,fine,\nx,bad,{cell}\n")
    columns = {"published_at": "Publish time", "reach": "Reach"}
    with pytest.raises(SourceError) as caught:
        read_source(path, "post", "p.csv", columns)
    assert str(path) in str(caught.value)
    assert says in str(caught.value)
    assert repr(cell) in str(caught.value)


def test_jsonl_exports_read_the_same_fields(tmp_path: Path) -> None:
    path = _posts(
        tmp_path,
        '{"platform": "x", "text": "Hi", "published_at": "2025-03-04T08:00:00Z",'
        ' "video_views": 42}\n',
        "posts.jsonl",
    )
    (chunk,) = read_source(path, "post", "p.jsonl")
    assert chunk.metadata["published_at"] == "2025-03-04T08:00:00+00:00"
    assert chunk.metadata["video_views"] == 42


def _profile(tmp_path: Path, calendar: str) -> Path:
    (tmp_path / "brand.toml").write_text(f'id = "acme"\nname = "Acme"\n{calendar}', "utf-8")
    return tmp_path


def test_calendar_is_read(tmp_path: Path) -> None:
    profile = load_profile(
        _profile(
            tmp_path,
            '[calendar]\ntimezone = "Europe/Paris"\ncountries = ["FR"]\n'
            "cadence = { instagram = 3, facebook = 2, linkedin = 1 }\n",
        )
    )
    assert profile.calendar.timezone == "Europe/Paris"
    assert profile.calendar.countries == ["FR"]
    assert profile.calendar.cadence == {"instagram": 3, "facebook": 2, "linkedin": 1}


def test_calendar_defaults_to_utc(tmp_path: Path) -> None:
    assert load_profile(_profile(tmp_path, "")).calendar.timezone == "UTC"


@pytest.mark.parametrize(
    ("calendar", "says"),
    [
        ('[calendar]\ntimezone = "Europe/Pariss"\n', "did you mean 'Europe/Paris'?"),
        ('[calendar]\ntimezone = "Paris"\n', "`calendar.timezone` is 'Paris'"),
        ('[calendar]\ntimzone = "Europe/Paris"\n', "did you mean `calendar.timezone`?"),
        ("[calender]\n", "did you mean `[calendar]`?"),
        ('[calendar]\ncountries = ["France"]\n', "`calendar.countries"),
        ("[calendar]\ncadence = { instagramm = 3 }\n", "did you mean 'instagram'?"),
        ("[calendar]\ncadence = { instagram = -1 }\n", "`calendar.cadence.instagram` is -1"),
    ],
)
def test_calendar_is_strict(tmp_path: Path, calendar: str, says: str) -> None:
    with pytest.raises(InvalidBrand) as caught:
        load_profile(_profile(tmp_path, calendar))
    assert says in str(caught.value)
    assert str(tmp_path / "brand.toml") in str(caught.value)
