"""The streamlit-free half of sign-in: roles, the users file, sessions, the limiter, config."""

from __future__ import annotations

import json
import os
import stat

import pytest

from dashboard.auth.config import auth_config, is_loopback
from dashboard.auth.limiter import SignInLimiter
from dashboard.auth.roles import Role
from dashboard.auth.sessions import SessionRegistry
from dashboard.auth.users import UsersFile
from dashboard.environment import users_file
from geo.errors import AuthError, InputError

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_roles_are_ordered_and_parsed():
    assert Role.ADMIN.can_write and Role.ANALYST.can_write and not Role.VIEWER.can_write
    assert Role.ADMIN.allows(Role.ANALYST) and not Role.ANALYST.allows(Role.ADMIN)
    assert Role.parse(" Analyst ") is Role.ANALYST
    with pytest.raises(AuthError, match="unknown role 'root'.*viewer\\|analyst\\|admin"):
        Role.parse("root")


def test_users_file_stores_argon2id_hashes_only_with_mode_0600(tmp_path):
    path = tmp_path / "conf" / "users.json"
    users = UsersFile(path)
    assert users.users() == {}
    users.add("Alice", PASSWORD, Role.ANALYST)
    raw = path.read_text()
    assert PASSWORD not in raw
    (entry,) = json.loads(raw)["users"]
    assert entry["name"] == "alice" and entry["role"] == "analyst"
    # RFC 9106 low-memory profile (the sign-in AppTests hash at a lower cost: conftest)
    assert entry["hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["users.json"]  # no temp file left
    assert users.verify("ALICE", PASSWORD).role is Role.ANALYST
    assert users.verify("alice", PASSWORD + "x") is None
    assert users.verify("nobody", PASSWORD) is None
    with pytest.raises(AuthError, match="already exists"):
        users.add("alice", PASSWORD, Role.VIEWER)


def test_passwd_remove_and_role_change(tmp_path):
    users = UsersFile(tmp_path / "u.json")
    before = users.add("bob", PASSWORD, Role.VIEWER).hash
    after = users.set_password("bob", "another password").hash
    assert after != before and users.verify("bob", PASSWORD) is None
    assert users.verify("bob", "another password") is not None
    assert users.set_role("bob", Role.ADMIN).role is Role.ADMIN
    users.remove("bob")
    assert users.users() == {}
    with pytest.raises(AuthError, match="no user 'bob'"):
        users.remove("bob")


@pytest.mark.parametrize("password, message", [
    ("short", "8 to 1024 characters"), ("line\nbreak!", "line break")])
def test_bad_passwords_refused_without_echo(tmp_path, password, message):
    with pytest.raises(AuthError, match=message) as info:
        UsersFile(tmp_path / "u.json").add("carol", password, Role.ANALYST)
    assert password not in str(info.value)


@pytest.mark.parametrize("name", ["", "a b", "-x", "x" * 65, "ä<script>"])
def test_bad_user_names_refused(tmp_path, name):
    with pytest.raises(AuthError, match="not valid"):
        UsersFile(tmp_path / "u.json").add(name, PASSWORD, Role.ANALYST)


def test_malformed_users_file_names_file_entry_and_field(tmp_path):
    path = tmp_path / "u.json"
    good = UsersFile(path)
    good.add("alice", PASSWORD, Role.ANALYST)
    doc = json.loads(path.read_text())
    doc["users"].append({"name": "eve", "role": "root", "hash": doc["users"][0]["hash"]})
    path.write_text(json.dumps(doc))
    with pytest.raises(InputError) as info:
        good.users()
    assert str(path) in str(info.value) and "item 2" in str(info.value)
    assert "'role'" in str(info.value)
    path.write_text("{not json")
    with pytest.raises(InputError, match="not a JSON users file"):
        good.users()


def test_world_readable_users_file_is_warned_about(tmp_path, caplog):
    users = UsersFile(tmp_path / "u.json")
    users.add("alice", PASSWORD, Role.ANALYST)
    os.chmod(users.path, 0o644)
    users.users()
    assert "readable by others" in caplog.text


def test_sessions_expire_and_forged_tokens_are_unknown():
    clock = Clock()
    registry = SessionRegistry(clock)
    token = registry.open("user", "alice", Role.ANALYST, minutes=10)
    assert registry.get(token).identity == "user:alice"
    assert registry.get("forged") is None and registry.get(None) is None
    clock.now += 599
    assert registry.get(token) is not None
    clock.now += 2
    assert registry.get(token) is None


def test_limiter_counts_by_user_and_by_client():
    clock = Clock()
    limiter = SignInLimiter(max_per_user=3, max_per_client=5, window_s=60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("alice", "10.0.0.1") == 0
        limiter.failed("alice", "10.0.0.1")
    assert limiter.failures(user="alice") == 3
    assert limiter.retry_after("alice", "10.0.0.2") == pytest.approx(60)  # by name
    assert limiter.retry_after("bob", "10.0.0.1") == 0
    limiter.failed("bob", "10.0.0.1")
    limiter.failed("carl", "10.0.0.1")
    assert limiter.retry_after("dave", "10.0.0.1") > 0  # by client: 5 failures from it
    clock.now += 61
    assert limiter.retry_after("alice", "10.0.0.1") == 0
    limiter.failed("alice", "x")
    limiter.succeeded("alice")
    assert limiter.failures(user="alice") == 0


def test_config_from_secrets_and_environment(tmp_path):
    store = str(tmp_path / "f.gpkg")
    plain = auth_config(store, {}, environ={})
    assert plain.sign_in == "local" and not plain.read_only and not plain.local_analyst
    assert plain.users_file == tmp_path / "f.users.json"
    oidc = {"auth": {"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": "s",
                     "client_id": "c", "client_secret": "x",
                     "server_metadata_url": "http://127.0.0.1:2/.well-known/x"},
            "frontline": {"oidc_analysts": ["Alice@Example.org"], "session_minutes": 30}}
    cfg = auth_config(store, oidc, environ={"FRONTLINE_READ_ONLY": "1",
                                            "FRONTLINE_USERS_FILE": str(tmp_path / "u.json")})
    assert cfg.sign_in == "oidc" and cfg.read_only and cfg.session_minutes == 30
    assert cfg.users_file == tmp_path / "u.json"
    assert cfg.oidc_role("alice@example.org") is Role.ANALYST
    assert cfg.oidc_role("bob@example.org") is Role.VIEWER
    with pytest.raises(AuthError, match="sign_in = 'oidc' needs an \\[auth\\] table"):
        auth_config(store, {"frontline": {"sign_in": "oidc"}}, environ={})
    with pytest.raises(AuthError, match="session_minutes"):
        auth_config(store, {"frontline": {"session_minutes": "forever"}}, environ={})


def test_server_store_users_file_in_config_dir(tmp_path):
    path = users_file("postgresql://u:p@db/x", {"XDG_CONFIG_HOME": str(tmp_path)})
    assert path == tmp_path / "frontline" / "users.json"


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.4", False), ("example.org", False), ("", False)])
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback
