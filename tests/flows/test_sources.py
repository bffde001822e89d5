import os

from flows.sources import hash_file, list_source


def test_lists_supported_files_and_refuses_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("skipped")
    (tmp_path / "d.html.part").write_text("<p>still downloading</p>")
    (tmp_path / "e.txt~").write_text("an editor's backup")
    (tmp_path / "a.txt.meta.json").write_text('{"site": "a.example"}')
    listing = list_source(tmp_path)
    assert [f.path for f in listing.files] == ["a.txt", "sub/b.html"]
    assert [(r.path, r.code) for _, r in listing.rejections] == [
        ("c.pdf", "discover_unsupported_format")
    ]
    assert [f.path for f in listing.sidecars] == ["a.txt.meta.json"]


def test_symlinks_never_leave_the_source_folder(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    source = tmp_path / "source"
    source.mkdir()
    (source / "inside.txt").write_text("article")
    os.symlink(outside, source / "escape.txt")
    os.symlink(source / "inside.txt", source / "alias.txt")
    os.symlink(source / "loop.txt", source / "loop.txt")
    listing = list_source(source)
    assert [f.path for f in listing.files] == ["alias.txt", "inside.txt"]
    codes = {r.path: r.code for _, r in listing.rejections}
    assert codes == {"escape.txt": "discover_outside_source", "loop.txt": "discover_unreadable"}


def test_hash_is_of_the_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"same")
    (tmp_path / "b.md").write_bytes(b"same")
    assert hash_file(tmp_path / "a.txt") == hash_file(tmp_path / "b.md")
