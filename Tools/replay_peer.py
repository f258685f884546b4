#!/usr/bin/env python3
"""The check `chronicle replay` does, written in Python with orjson: a yardstick.

Usage: replay_peer.py LOG_DIR [--day YYYY-MM-DD | --from T --to T]

Verifies every line of the log (SPEC §6: the envelope, seq, prevhash, hash,
time order and segment day; exit 3 at the first damaged line, before any
result), folds the state (§3), re-derives every token.issued, token.rejected
and access.decided in the window from the state before it (§4, §5), and
prints the §10 report as JSON. Exit 1 when anything diverges.

It follows the choices Chronicle's rules document where the SPEC leaves room
(Sources/Chronicle/Rules/*.swift). Where Swift and Python strings differ it
does not try to agree: Swift compares strings by canonical equivalence,
Python by code point (the logs hold no such strings), and orjson refuses
integers beyond 64 bits, which Chronicle reads as numbers.
"""
import hashlib
import os
import re
import sys

import orjson

AUDIENCE = "https://analysis.windows.net/powerbi/api"
POLICY = "2026.11"
DAY_MS = 86_400_000
HASH_TAIL = 75  # ,"hash":"<64 hex>"}
GENESIS = "0" * 64
MEMBERS = ("specversion", "id", "source", "type", "time", "subject", "seq", "prevhash", "data", "hash")
MEMBER_SET = frozenset(MEMBERS)

# --- time -----------------------------------------------------------------

RFC3339 = re.compile(
    rb"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z")


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


_day_cache = {}


def parse_time(text):
    """Milliseconds of an RFC 3339 date-time (fraction truncated), or None."""
    if not isinstance(text, str):
        return None
    m = RFC3339.match(text.encode())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.group(1, 2, 3, 4, 5, 6))
    if not (1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo) and h <= 23 and mi <= 59 and s <= 59):
        return None
    frac = m.group(7) or b""
    ms = int((frac + b"000")[:3]) if frac else 0
    offset = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return None
        offset = (oh * 60 + om) * (1 if m.group(9) == b"+" else -1)
    return ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi - offset) * 60000 + s * 1000 + ms


def canonical_ms(text):
    """Milliseconds of a canonical `YYYY-MM-DDTHH:MM:SS.mmmZ` envelope time, or None."""
    if len(text) != 24 or text[10] != "T" or text[19] != "." or text[23] != "Z" or text[13] != ":" \
            or text[16] != ":" or text[4] != "-" or text[7] != "-":
        return None
    day = text[:10]
    base = _day_cache.get(day)
    if base is None:
        ms = parse_time(text)
        if ms is None:
            return None
        base = _day_cache[day] = ms - ms % DAY_MS
    try:
        h, mi, s, f = int(text[11:13]), int(text[14:16]), int(text[17:19]), int(text[20:23])
    except ValueError:
        return None
    if h > 23 or mi > 59 or s > 59 or not (text[11:13] + text[14:16] + text[17:19] + text[20:23]).isdigit():
        return None
    return base + ((h * 60 + mi) * 60 + s) * 1000 + f


def rfc3339(ms):
    days, rem = divmod(ms, DAY_MS)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    mo = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (mo <= 2)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        y, mo, d, rem // 3600000, rem // 60000 % 60, rem // 1000 % 60, rem % 1000)


# --- JSON kinds as Chronicle reads them -----------------------------------

def is_str(v):
    return isinstance(v, str)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def str_list(v):
    """All elements strings: the list; else None."""
    if isinstance(v, list) and all(isinstance(e, str) for e in v):
        return v
    return None


def strings_in(v):
    return [e for e in v if isinstance(e, str)] if isinstance(v, list) else None


# --- payload decoding (§3): does data decode as its type's payload? --------

class Undecodable(Exception):
    pass


def req_str(d, k):
    v = d.get(k)
    if not isinstance(v, str):
        raise Undecodable(k)
    return v


def opt_str(d, k):
    v = d.get(k)
    if v is None:
        return None
    if not isinstance(v, str):
        raise Undecodable(k)
    return v


def req_int(d, k):
    v = d.get(k)
    if not is_int(v):
        raise Undecodable(k)
    return v


def req_strs(d, k):
    v = str_list(d.get(k))
    if v is None:
        raise Undecodable(k)
    return v


def req_time(d, k):
    v = parse_time(d.get(k))
    if v is None:
        raise Undecodable(k)
    return v


def opt_time(d, k):
    v = d.get(k)
    if v is None:
        return None
    t = parse_time(v)
    if t is None:
        raise Undecodable(k)
    return t


def req_enum(d, k, allowed):
    v = d.get(k)
    if not isinstance(v, str) or v not in allowed:
        raise Undecodable(k)
    return v


def req_value(d, k):
    if k not in d:
        raise Undecodable(k)
    return d[k]


SECRET_KINDS = frozenset(("accessKey", "clientSecret", "password"))
PRINCIPAL_KINDS = frozenset(("servicePrincipal", "masterUser"))
RLS_TYPES = frozenset(("none", "cloud", "rdl", "asOnPrem", "asAzure", "sso"))
EFFECTS = frozenset(("allow", "deny"))
KNOWN_TYPES = frozenset((
    "secret.created", "secret.rotated", "secret.revoked", "principal.registered", "workspace.member.added",
    "workspace.member.removed", "dataset.configured", "report.registered", "group.member.added",
    "group.member.removed", "rls.assigned", "rls.unassigned", "token.issued", "token.rejected", "token.revoked",
    "access.decided"))


def check_decision(d):
    req_str(d, "decisionId"), req_value(d, "request"), req_value(d, "token")
    outcome = d.get("outcome")
    if not isinstance(outcome, dict):
        raise Undecodable("outcome")
    req_enum(outcome, "effect", EFFECTS), req_strs(outcome, "reasons"), req_strs(outcome, "roles")
    req_str(d, "policy")


def check_rejection(d):
    req_str(d, "requestId"), req_value(d, "request"), req_strs(d, "reasons")


# --- state ----------------------------------------------------------------

class Secret:
    __slots__ = ("version", "first", "expires", "revoked", "rotations")

    def __init__(self, version, expires):
        self.version = version
        self.first = version
        self.expires = expires
        self.revoked = False
        self.rotations = []  # previousValidUntil of each rotation, in order

    def problem(self, t):
        if self.revoked:
            return "revoked"
        if self.expires is not None and self.expires <= t:
            return "expired"
        return None

    def superseded(self, version, t):
        if version >= self.version:
            return False
        index = version - self.first
        if index < 0 or index >= len(self.rotations):
            return True
        until = self.rotations[index]
        return True if until is None else t >= until


class Dataset:
    __slots__ = ("workspace", "rls", "roles")

    def __init__(self):
        self.roles = {}  # role -> set of members, in configuration order

    def configure(self, workspace, rls, roles):
        self.workspace, self.rls = workspace, rls
        kept = {}
        for role in roles:
            if role not in kept:
                kept[role] = self.roles.get(role, set())
        self.roles = kept


class State:
    def __init__(self):
        self.secrets = {}
        self.principals = {}  # id -> (kind, credentialSecretId)
        self.workspaces = {}  # principalId -> set of workspaceIds
        self.datasets = {}
        self.reports = {}  # id -> (workspaceId, datasetId)
        self.group_users = {}
        self.user_groups = {}
        self.tokens = {}  # id -> [principalKind, revoked]
        self.ignored = 0
        self.unknown = 0

    def secret_problem(self, sid, t):
        s = self.secrets.get(sid)
        return "unknown" if s is None else s.problem(t)

    def assigned_roles(self, user, dataset):
        groups = self.user_groups.get(user)
        return [role for role, members in dataset.roles.items()
                if user in members or (groups and not members.isdisjoint(groups))]

    def apply(self, type_, d, t):
        """Folds one event (§3): invalid or undecodable ones are counted and skipped."""
        if type_ not in KNOWN_TYPES:
            self.unknown += 1
            return
        if not isinstance(d, dict):
            self.ignored += 1
            return
        try:
            if type_ == "access.decided":
                check_decision(d)
            elif type_ == "token.rejected":
                check_rejection(d)
            elif type_ == "token.issued":
                tid, request, kid = req_str(d, "tokenId"), req_value(d, "request"), req_str(d, "kid")
                req_strs(d, "scopes"), req_value(d, "claims"), req_time(d, "expiresAt"), req_str(d, "tokenHash")
                opt_str(d, "renews")
                claims = d["claims"]
                pid = request.get("principalId") if isinstance(request, dict) else None
                if not isinstance(pid, str):
                    pid = claims.get("iss") if isinstance(claims, dict) else None
                    pid = pid if isinstance(pid, str) else ""
                principal = self.principals.get(pid)
                self.tokens[tid] = [principal[0] if principal else None, False]
            elif type_ == "secret.created":
                sid, _, _ = req_str(d, "secretId"), req_enum(d, "kind", SECRET_KINDS), req_str(d, "owner")
                version, _, _ = req_int(d, "version"), req_str(d, "hint"), req_str(d, "fingerprint")
                expires = opt_time(d, "expiresAt")
                opt_str(d, "description"), opt_str(d, "actor")
                if sid in self.secrets:
                    raise Undecodable("exists")
                self.secrets[sid] = Secret(version, expires)
            elif type_ == "secret.rotated":
                sid, version = req_str(d, "secretId"), req_int(d, "version")
                req_str(d, "hint"), req_str(d, "fingerprint")
                expires, until = opt_time(d, "expiresAt"), opt_time(d, "previousValidUntil")
                opt_str(d, "actor")
                s = self.secrets.get(sid)
                if s is None or s.revoked or version != s.version + 1:
                    raise Undecodable("invalid")
                s.version, s.expires = version, expires
                s.rotations.append(until)
            elif type_ == "secret.revoked":
                sid = req_str(d, "secretId")
                req_str(d, "reason"), opt_str(d, "actor")
                s = self.secrets.get(sid)
                if s is None:
                    raise Undecodable("unknown")
                s.revoked = True
            elif type_ == "principal.registered":
                pid, kind = req_str(d, "principalId"), req_enum(d, "kind", PRINCIPAL_KINDS)
                cred = req_str(d, "credentialSecretId")
                opt_str(d, "actor")
                if pid in self.principals:
                    raise Undecodable("exists")
                self.principals[pid] = (kind, cred)
            elif type_ in ("workspace.member.added", "workspace.member.removed"):
                ws, pid = req_str(d, "workspaceId"), req_str(d, "principalId")
                opt_str(d, "actor")
                if type_ == "workspace.member.added":
                    self.workspaces.setdefault(pid, set()).add(ws)
                elif pid in self.workspaces:
                    self.workspaces[pid].discard(ws)
            elif type_ == "dataset.configured":
                did, ws = req_str(d, "datasetId"), req_str(d, "workspaceId")
                rls, roles = req_enum(d, "rlsType", RLS_TYPES), req_strs(d, "roles")
                opt_str(d, "actor")
                self.datasets.setdefault(did, Dataset()).configure(ws, rls, roles)
            elif type_ == "report.registered":
                rid, ws, did = req_str(d, "reportId"), req_str(d, "workspaceId"), req_str(d, "datasetId")
                opt_str(d, "actor")
                self.reports[rid] = (ws, did)
            elif type_ in ("group.member.added", "group.member.removed"):
                gid, uid = req_str(d, "groupId"), req_str(d, "userId")
                opt_str(d, "actor")
                if type_ == "group.member.added":
                    self.group_users.setdefault(gid, set()).add(uid)
                    self.user_groups.setdefault(uid, set()).add(gid)
                else:
                    if gid in self.group_users:
                        self.group_users[gid].discard(uid)
                    if uid in self.user_groups:
                        self.user_groups[uid].discard(gid)
                        if not self.user_groups[uid]:
                            del self.user_groups[uid]
            elif type_ in ("rls.assigned", "rls.unassigned"):
                did, role, member = req_str(d, "datasetId"), req_str(d, "role"), req_str(d, "member")
                opt_str(d, "actor")
                dataset = self.datasets.get(did)
                members = dataset.roles.get(role) if dataset else None
                if type_ == "rls.assigned":
                    if members is None:
                        raise Undecodable("undefined role")
                    members.add(member)
                elif members is not None:
                    members.discard(member)
            elif type_ == "token.revoked":
                tid = req_str(d, "tokenId")
                req_str(d, "reason"), opt_str(d, "actor")
                record = self.tokens.get(tid)
                if record is None:
                    raise Undecodable("never issued")
                record[1] = True
        except Undecodable:
            self.ignored += 1


# --- §4 issuance ----------------------------------------------------------

def optional_strings(v):
    return [] if v is None else str_list(v)


def read_issuance_request(r):
    """The request inside the §4.1 domains, or None (request.invalid)."""
    if not isinstance(r, dict):
        return None
    pid, entra, key, ws, level = (r.get(k) for k in (
        "principalId", "entraTokenExpiresAt", "signingSecretId", "workspaceId", "accessLevel"))
    if not (is_str(pid) and is_str(key) and is_str(ws)) or level not in ("View", "Edit", "Create"):
        return None
    entra = parse_time(entra)
    reports, datasets, targets = (optional_strings(r.get(k)) for k in ("reports", "datasets", "targetWorkspaces"))
    if entra is None or reports is None or datasets is None or targets is None:
        return None
    identities = []
    raw = r.get("identities")
    if raw is not None:
        if not isinstance(raw, list):
            return None
        for i in raw:
            if not (isinstance(i, dict) and len(i) == 3 and is_str(i.get("username"))
                    and str_list(i.get("roles")) is not None and str_list(i.get("datasets")) is not None):
                return None
            identities.append(i)
    if "allowSaveAs" in r and not isinstance(r["allowSaveAs"], bool):
        return None
    lifetime = r.get("lifetimeMinutes")
    if lifetime is None:
        lifetime = 60
    elif not is_int(lifetime) or lifetime <= 0:
        return None
    renews = r.get("renews")
    if renews is not None and not is_str(renews):
        return None
    return (pid, entra, key, ws, reports, datasets, targets, identities, level, r.get("allowSaveAs", False), lifetime)


def requested_expiry(t, lifetime):
    total = t + lifetime * 60000
    return total if total < 2 ** 63 else 2 ** 63 - 1


def capped_by_entra(r, t):
    if not isinstance(r, dict):
        return False
    entra = parse_time(r.get("entraTokenExpiresAt"))
    lifetime = r.get("lifetimeMinutes", None)
    if lifetime is None:
        lifetime = 60
    elif not is_int(lifetime) or lifetime <= 0:
        return False
    return entra is not None and entra < requested_expiry(t, lifetime)


def issuance_verdict(request, st, t):
    """(accepted, reasons, scopes, expiresAt ms) as §4.2 gives them."""
    parsed = read_issuance_request(request)
    if parsed is None:
        return False, ["request.invalid"], None, None
    pid, entra, key, ws, reports, datasets, targets, identities, level, save_as, lifetime = parsed
    reasons = []
    principal = st.principals.get(pid)
    if principal is None:
        reasons.append("principal.unknown")
    else:
        problem = st.secret_problem(principal[1], t)
        if problem:
            reasons.append("credential." + problem)
    problem = st.secret_problem(key, t)
    if problem:
        reasons.append("key." + problem)
    if entra <= t:
        reasons.append("entra.expired")
    if ws == "me":
        reasons.append("workspace.personal")
    member_of = st.workspaces.get(pid, ())

    def member(w):
        return w == "me" or w in member_of

    touched = [ws] + [st.reports[r][0] for r in reports if r in st.reports] \
        + [st.datasets[d].workspace for d in datasets if d in st.datasets] + targets
    if not all(member(w) for w in touched):
        reasons.append("workspace.not_member")
    if any(r not in st.reports for r in reports) or any(d not in st.datasets for d in datasets):
        reasons.append("resource.unknown")
    if principal is not None:
        ids = datasets + [st.reports[r][1] for r in reports if r in st.reports]
        known = [(i, st.datasets[i]) for i in ids if i in st.datasets]
        if principal[0] == "masterUser" and any(d.rls == "rdl" for _, d in known):
            reasons.append("rdl.master_user")
        if principal[0] == "servicePrincipal" and any(
                d.rls not in ("none", "rdl")
                and not any(i["username"] and did in i["datasets"] for i in identities) for did, d in known):
            reasons.append("rls.identity_required")
    if level == "Create" and not datasets:
        reasons.append("create.dataset_required")
    if reasons:
        return False, reasons, None, None
    scopes = {"View": ["Report.Read"], "Edit": ["Report.ReadWrite"],
              "Create": ["Dataset.Read", "Workspace.Report.Create"]}[level][:]
    if save_as:
        scopes.append("Workspace.Report.Copy")
    return True, [], sorted(scopes), min(requested_expiry(t, lifetime), entra)


# --- §5 decisions ---------------------------------------------------------

OPERATIONS = frozenset(("view", "editAndSave", "saveAs", "create", "createAndSave"))


def decide(request, token, st, t):
    """(reasons, roles) as §5.2 gives them."""
    if not (isinstance(request, dict) and is_str(request.get("operation"))
            and request["operation"] in OPERATIONS and is_str(request.get("workspaceId"))):
        return ["request.invalid"], []
    report_id, dataset_id = request.get("reportId"), request.get("datasetId")
    if not (report_id is None or is_str(report_id)) or not (dataset_id is None or is_str(dataset_id)):
        return ["request.invalid"], []
    claims = token.get("claims") if isinstance(token, dict) else None
    if not isinstance(claims, dict) or not is_number(claims.get("exp")) or not is_number(claims.get("nbf")) \
            or claims.get("aud") is None or claims.get("type") is None or claims.get("wid") is None:
        return ["token.malformed"], []
    reasons = []
    if token.get("signatureValid") is not True:
        reasons.append("token.signature_invalid")
    kid = token.get("kid")
    secret, version = None, None
    if is_str(kid) and "@" in kid:
        sid, _, digits = kid.rpartition("@")
        if sid and digits and len(digits) <= 18 and all("0" <= c <= "9" for c in digits):
            version = int(digits)
            secret = st.secrets.get(sid)
    if secret is not None and 1 <= version <= secret.version:
        problem = secret.problem(t)
        if problem:
            reasons.append("key." + problem)
        if secret.superseded(version, t):
            reasons.append("key.superseded")
    else:
        reasons.append("key.unknown")
    token_id = token.get("tokenId")
    record = st.tokens.get(token_id) if is_str(token_id) else None
    if record is None:
        reasons.append("token.unknown")
    elif record[1]:
        reasons.append("token.revoked")
    if t >= claims["exp"] * 1000:
        reasons.append("token.expired")
    if t < claims["nbf"] * 1000 - 60000:
        reasons.append("token.not_yet_valid")
    if claims["aud"] != AUDIENCE:
        reasons.append("token.audience_mismatch")
    if claims["type"] != "embed":
        reasons.append("token.type_unsupported")
    if claims["wid"] != request["workspaceId"]:
        reasons.append("workspace.mismatch")
    report = st.reports.get(report_id) if report_id is not None else None
    ds_id = dataset_id if report_id is None else (report[1] if report else None)
    dataset = st.datasets.get(ds_id) if ds_id is not None else None
    if (report_id is not None and report is None) or dataset is None:
        reasons.append("resource.unknown")
    token_reports = strings_in(claims.get("reports")) or []
    if is_str(claims.get("rid")):
        token_reports = token_reports + [claims["rid"]]

    def holds_report_of(did):
        return any(r in st.reports and st.reports[r][1] == did for r in token_reports)

    operation = request["operation"]
    if operation in ("create", "createAndSave"):
        in_token = ds_id is not None and (ds_id in (strings_in(claims.get("datasets")) or []) or holds_report_of(ds_id))
    else:
        in_token = report_id is not None and report_id in token_reports
    if not in_token:
        reasons.append("resource.not_in_token")
    scp = claims.get("scp")
    granted = set(scp.split(" ")) if is_str(scp) else set(strings_in(scp) or ())
    read_write = "Report.ReadWrite" in granted
    read = read_write or "Report.Read" in granted
    dataset_read = "Dataset.Read" in granted or "Dataset.ReadWrite" in granted
    holds_dataset_read = dataset_read or (read and ds_id is not None and holds_report_of(ds_id))
    ok = {"view": read, "editAndSave": read_write, "saveAs": read and "Workspace.Report.Copy" in granted,
          "create": holds_dataset_read,
          "createAndSave": holds_dataset_read and "Workspace.Report.Create" in granted}[operation]
    if not ok:
        reasons.append("scope.insufficient")
    roles = []
    if dataset is not None and dataset.rls not in ("none", "rdl"):
        username = claims.get("username")
        if is_str(username) and username:
            roles = st.assigned_roles(username, dataset)
            allowed = claims.get("roles")
            if isinstance(allowed, list):
                roles = [r for r in roles if r in allowed]
            elif allowed is not None:
                roles = []
            roles.sort()
            if not roles:
                reasons.append("rls.user_not_associated")
        elif record is None or record[0] != "masterUser":
            reasons.append("rls.identity_required")
    return reasons, roles


# --- verification and replay ----------------------------------------------

def fail(name, line, what):
    sys.stderr.write("replay_peer: %s:%d: %s\n" % (name, line, what))
    sys.exit(3)


def main(argv):
    args = argv[1:]
    if not args:
        sys.exit(__doc__)
    log = args[0]
    options = dict(zip(args[1::2], args[2::2]))
    start = end = None
    if "--day" in options:
        start = parse_time(options["--day"] + "T00:00:00Z")
        end = start + DAY_MS
    else:
        start = parse_time(options["--from"]) if "--from" in options else None
        end = parse_time(options["--to"]) if "--to" in options else None

    st = State()
    events = checked = matched = allow = deny = issued = rejected = capped = 0
    by_reason, by_principal, divergences = {}, {}, []
    previous, prev_time, next_seq, source = GENESIS, -(2 ** 63), 1, None
    names = sorted(n for n in os.listdir(log) if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.jsonl", n))
    sha256, loads = hashlib.sha256, orjson.loads
    for index, name in enumerate(names):
        day = name[:10]
        with open(os.path.join(log, name), "rb", buffering=1 << 22) as f:
            for number, raw in enumerate(f, 1):
                if raw[-1:] != b"\n":
                    if index < len(names) - 1:
                        fail(name, number, "incomplete line before the next segment")
                    sys.stderr.write("replay_peer: warning: the last line is incomplete (torn tail); it is ignored\n")
                    break
                raw = raw[:-1]
                # §6: the line on its own, then its links to the one before.
                try:
                    e = loads(raw)
                except orjson.JSONDecodeError as error:
                    fail(name, number, "invalid JSON: %s" % error)
                if not isinstance(e, dict) or len(e) != 10 or not MEMBER_SET.issuperset(e) \
                        or next(reversed(e)) != "hash" or raw[-HASH_TAIL:-66] != b',"hash":"':
                    fail(name, number, "not a Chronicle envelope")
                if e["specversion"] != "1.0" or not is_str(e["type"]) or not e["type"] \
                        or not isinstance(e["data"], dict) or not is_int(e["seq"]):
                    fail(name, number, "bad envelope member")
                digest = sha256(raw[:-(HASH_TAIL - 1)]).hexdigest()
                if digest != e["hash"]:
                    fail(name, number, "hash mismatch: the line was changed after it was sealed")
                t = canonical_ms(e["time"]) if is_str(e["time"]) else None
                if t is None or e["time"][:10] != day:
                    fail(name, number, "time is not canonical or not in this segment's day")
                if source is None:
                    source = e["source"]
                elif e["source"] != source:
                    fail(name, number, "source differs from the first line's")
                if e["seq"] != next_seq:
                    fail(name, number, "seq %d where %d was expected" % (e["seq"], next_seq))
                if e["prevhash"] != previous:
                    fail(name, number, "prevhash does not match the previous line's hash (the chain is broken)")
                if t < prev_time:
                    fail(name, number, "time is earlier than the previous line's")
                previous, prev_time, next_seq = digest, t, next_seq + 1

                # §10: replay what is in the window; state from everything before it.
                if end is not None and t >= end:
                    continue
                type_, d = e["type"], e["data"]
                in_window = start is None or t >= start
                if not in_window and type_ in ("access.decided", "token.rejected"):
                    continue
                if in_window:
                    events += 1
                    if type_ == "access.decided":
                        outcome = d.get("outcome")
                        outcome = outcome if isinstance(outcome, dict) else {}
                        effect, r_reasons, r_roles = outcome.get("effect"), outcome.get("reasons"), outcome.get("roles")
                        if effect == "allow":
                            allow += 1
                        elif effect == "deny":
                            deny += 1
                        for reason in strings_in(r_reasons) or ():
                            by_reason[reason] = by_reason.get(reason, 0) + 1
                        checked += 1
                        recorded = {"effect": effect, "reasons": r_reasons, "roles": r_roles}
                        if d.get("policy") != POLICY:
                            divergences.append((e, recorded, {"effect": None, "reasons": ["policy.unknown"], "roles": None}))
                        else:
                            reasons, roles = decide(d.get("request"), d.get("token"), st, t)
                            replayed_effect = "deny" if reasons else "allow"
                            if effect == replayed_effect and r_reasons == reasons and r_roles == roles \
                                    and str_list(r_reasons) is not None and str_list(r_roles) is not None:
                                matched += 1
                            else:
                                divergences.append((e, recorded, {"effect": replayed_effect, "reasons": reasons, "roles": roles}))
                    elif type_ in ("token.issued", "token.rejected"):
                        is_issued = type_ == "token.issued"
                        request = d.get("request")
                        pid = request.get("principalId") if isinstance(request, dict) else None
                        key = pid if is_str(pid) else orjson.dumps(pid).decode()
                        counts = by_principal.setdefault(key, {"issued": 0, "rejected": 0, "cappedByEntra": 0})
                        if is_issued:
                            issued += 1
                            counts["issued"] += 1
                            if capped_by_entra(request, t):
                                capped += 1
                                counts["cappedByEntra"] += 1
                        else:
                            rejected += 1
                            counts["rejected"] += 1
                        accepted, reasons, scopes, expires = issuance_verdict(request, st, t)
                        expiry = parse_time(d.get("expiresAt"))
                        if accepted:
                            agrees = is_issued and str_list(d.get("scopes")) == scopes and expiry == expires
                        else:
                            agrees = not is_issued and str_list(d.get("reasons")) == reasons
                        checked += 1
                        if agrees:
                            matched += 1
                        else:
                            if is_issued:
                                recorded = {"accepted": True, "reasons": [], "scopes": d.get("scopes"),
                                            "expiresAt": rfc3339(expiry) if expiry is not None else d.get("expiresAt")}
                            else:
                                recorded = {"accepted": False, "reasons": d.get("reasons"), "scopes": None, "expiresAt": None}
                            replayed = {"accepted": accepted, "reasons": reasons, "scopes": scopes,
                                        "expiresAt": rfc3339(expires) if expires is not None else None}
                            divergences.append((e, recorded, replayed))
                st.apply(type_, d, t)

    report = {
        "window": {"from": rfc3339(start) if start is not None else None,
                   "to": rfc3339(end) if end is not None else None},
        "events": events, "checked": checked, "matched": matched,
        "divergences": [{"seq": e["seq"], "type": e["type"], "id": e["id"], "recorded": r, "replayed": p}
                        for e, r, p in divergences],
        "decisions": {"allow": allow, "deny": deny, "byReason": by_reason},
        "tokens": {"issued": issued, "rejected": rejected, "cappedByEntra": capped, "byPrincipal": by_principal},
        "integrity": "ok",
    }
    sys.stdout.buffer.write(orjson.dumps(report) + b"\n")
    return 1 if divergences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
