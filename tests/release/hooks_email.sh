#!/usr/bin/env bash
# The `emailer` release hook against a real SMTP server (aiosmtpd): the whole message as the
# server got it, recipients rules, STARTTLS/SMTPS with AUTH, secrets never shown, and the
# outbox (server down, then up: delivered exactly once).
DRIVER=$1 REZ=$2 SRC=$3
. "$SRC/lib.sh"
cd "$T"
ME=$(id -un)
FQDN=$("$REZ" config plugins.release_hook.emailer.body | sed -n "1s/.* by $ME@\(.*\)\.\$/\1/p")
PORT=$(free_port)

cat >spec.json <<J
{"package": {"name": "rel", "version": "1.1", "team": "fx", "uuid": "1234"},
 "install_path": "$T/rel", "user": "$ME", "release_message": "fixed things",
 "previous_version": "1.0",
 "variants": [{"index": 0, "root": "$T/rel/rel/1.1/base-1"},
              {"index": 1, "root": "$T/rel/rel/1.1/base-2"}]}
J
sed 's/"variants": \[/"variants": [], "x": [/' spec.json >novariants.json

cfg() { # cfg EMAILER-SETTINGS...
	{ echo "release_hooks: [emailer]"; echo "release_hook_retries: 1"; echo "release_hook_retry_delay: 0"
	  echo "plugins:"; echo "  release_hook:"; echo "    emailer:"
	  printf '%s\n' "$@" | sed 's/^/      /'; } >config.yaml
}
# the message with Date and Message-ID values masked, CRLF shown as LF
masked() { sed -e 's/\r$//' -e 's/^Date: .*/Date: */' -e 's/^Message-ID: .*/Message-ID: */' "$1"; }

start_smtp "$T/mail" "$PORT"
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: [a@x.com, b@x.com]"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "output" "Sending release email to:
- a@x.com
- b@x.com
Email(s) sent." "$out"
same "the message as received" "Date: *
From: $ME@rez-release.com
To: a@x.com,b@x.com
Subject: [rez] [release] $ME released rel-1.1
Message-ID: *
MIME-Version: 1.0
Content-Type: text/plain; charset=\"us-ascii\"
Content-Transfer-Encoding: 7bit

Package 'rel-1.1' was released by $ME@$FQDN.

USER: $ME
PACKAGE: rel-1.1
RELEASED TO: $T/rel
PREVIOUS VERSION: 1.0
REZ VERSION: $("$REZ" config plugins.release_hook.emailer.body | sed -n 's/^REZ VERSION: //p')

2 VARIANTS:
$T/rel/rel/1.1/base-1
$T/rel/rel/1.1/base-2

MESSAGE:
fixed things

CHANGELOG:
No changelog." "$(masked mail/1.eml)"
same "envelope" "$ME@rez-release.com
a@x.com
b@x.com" "$(cat mail/1.env)"
"$PY" - mail/1.eml <<'P' && ok "Date and Message-ID are RFC 5322" || not_ok "Date and Message-ID are RFC 5322"
import email, email.utils, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
assert email.utils.parsedate_tz(m["Date"]) is not None, m["Date"]
assert m["Message-ID"].startswith("<") and "@" in m["Message-ID"] and m["Message-ID"].endswith(">")
P
check "outbox is empty after delivery" test -z "$(ls "$XDG_CACHE_HOME/rez-lua/release-outbox" 2>/dev/null)"

# nothing released: no email
"$DRIVER" config.yaml novariants.json post_release >/dev/null 2>&1
check "no email without released variants" test ! -e mail/2.eml
# pre events send nothing
"$DRIVER" config.yaml spec.json pre_release >/dev/null 2>&1
check "no email on pre_release" test ! -e mail/2.eml

# no host: a warning
cfg "recipients: [a@x.com]"
same "no SMTP host" "WARNING: did not send release email: SMTP host is not specified" \
	"$("$DRIVER" config.yaml spec.json post_release 2>&1)"

# a string that is neither a file nor an address
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: nobody"
same "bad recipients string" "ERROR: email recipient file does not exist: nobody. Emails not sent" \
	"$("$DRIVER" config.yaml spec.json post_release 2>&1)"

# one address as a string; a UTF-8 subject and body; custom templates
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: solo@x.com" \
    "subject: 'Überweisung {package.name} – ok ✓ {release.nothing}'" \
    "body: \"Grüße {package.qualified_name}\\n\\n\\n\\nend\\n\""
"$DRIVER" config.yaml spec.json post_release >/dev/null 2>&1
"$PY" - mail/2.eml <<'P' >decoded.txt
import email, email.header, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
print(m["To"])
print(str(m["Subject"]))
print(m.get_content_type(), m.get_content_charset())
print(m.get_content(), end="")
P
same "UTF-8 subject and body" "solo@x.com
Überweisung rel – ok ✓ {release.nothing}
text/plain utf-8
Grüße rel-1.1


end
" "$(cat decoded.txt)
"

# recipients rules file (Rez's verified example): sorted union of the matching rules
cat >rules.yaml <<'Y'
rules:
- filters:
    name: [rel, other]
  recipients: [named@x.com]
- filters:
    team: fx
  recipients: [fx@x.com]
- filters:
    team: anim
  recipients: [anim@x.com]
- filters:
    nonexistent_attr:
  recipients: [never@x.com]
- filters:
    uuid:
  recipients: [hasuuid@x.com]
- recipients: [all@x.com, fx@x.com]
Y
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: $T/rules.yaml"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "rules recipients" "Sending release email to:
- all@x.com
- fx@x.com
- hasuuid@x.com
- named@x.com
Email(s) sent." "$out"
same "rules To header" "To: all@x.com,fx@x.com,hasuuid@x.com,named@x.com" "$(grep '^To:' mail/3.eml | tr -d '\r')"
printf 'rules: {a: 1}\n' >badrules.yaml
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: $T/badrules.yaml"
contains "bad rules file" "ERROR: failed to load recipients config: $T/badrules.yaml: 'rules' must be a list. Emails not sent" \
	"$("$DRIVER" config.yaml spec.json post_release 2>&1)"
stop_smtp

# server down: the message stays in the outbox; then up: flushed exactly once
cfg "smtp_host: 127.0.0.1" "smtp_port: $PORT" "recipients: [late@x.com]" "smtp_timeout: 5"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1); rc=$?
same "server down: release goes on" 0 "$rc"
contains "server down: kept in the outbox" "email notification not delivered (kept in the outbox" "$out"
contains "server down: pending" "pending: 1" "$out"
same "one file in the outbox" 1 "$(ls "$XDG_CACHE_HOME/rez-lua/release-outbox" | wc -l)"
start_smtp "$T/mail2" "$PORT"
same "flush delivers" "flushed: 1 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
same "flush again sends nothing" "flushed: 0 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
same "exactly one message arrived" "1.eml 1.env ready" "$(LC_ALL=C ls mail2 | tr '\n' ' ' | sed 's/ $//')"
same "flushed message envelope" "$ME@rez-release.com
late@x.com" "$(cat mail2/1.env)"
stop_smtp

# STARTTLS + AUTH, password from an environment variable; SMTPS + AUTH, password from a file
make_cert "$T"
SECRET='s3cr3t-Pa55-xyzzy'
start_smtp "$T/mail3" "$PORT" --tls starttls --cert "$T/cert.pem" --key "$T/key.pem" --auth "rel:$SECRET"
cfg "smtp_host: localhost" "smtp_port: $PORT" "recipients: [tls@x.com]" "smtp_tls: starttls" \
    "smtp_user: rel" "smtp_password_env: REZ_TEST_SMTP_PW" "smtp_cacert: $T/cert.pem"
out=$(REZ_TEST_SMTP_PW=$SECRET "$DRIVER" config.yaml spec.json post_release 2>&1)
contains "STARTTLS + AUTH sent" "Email(s) sent." "$out"
check "STARTTLS + AUTH received" test -e mail3/1.eml
# wrong password: refused, kept, and the password is nowhere
out=$(REZ_TEST_SMTP_PW=wrong-$SECRET "$DRIVER" config.yaml spec.json post_release 2>&1)
contains "wrong password is kept in the outbox" "pending: 1" "$out"
lacks "password not in the output" "$SECRET" "$out"
check "password not in the outbox files" bash -c "! grep -r -- '$SECRET' '$XDG_CACHE_HOME'"
# no STARTTLS on a plain-text port: refused (never sent in clear)
stop_smtp
start_smtp "$T/mail4" "$PORT"
cfg "smtp_host: localhost" "smtp_port: $PORT" "recipients: [tls@x.com]" "smtp_tls: starttls" \
    "smtp_user: rel" "smtp_password: $SECRET" "smtp_cacert: $T/cert.pem" "release_hook_retries: 0"
sed -i 's/^release_hook_retries: 1$/release_hook_retries: 0/' config.yaml
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "no STARTTLS offered: not sent" "pending: 1" "$out"
lacks "password (from config) not in the output" "$SECRET" "$out"
check "nothing arrived in clear" test ! -e mail4/1.eml
stop_smtp
rm -rf "$XDG_CACHE_HOME/rez-lua/release-outbox"
start_smtp "$T/mail5" "$PORT" --tls ssl --cert "$T/cert.pem" --key "$T/key.pem" --auth "rel:$SECRET"
printf '%s\n' "$SECRET" >pwfile
cfg "smtp_host: localhost" "smtp_port: $PORT" "recipients: [ssl@x.com]" "smtp_tls: ssl" \
    "smtp_user: rel" "smtp_password_file: $T/pwfile" "smtp_cacert: $T/cert.pem"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "SMTPS + AUTH sent" "Email(s) sent." "$out"
check "SMTPS + AUTH received" test -e mail5/1.eml
lacks "password (from file) not in the output" "$SECRET" "$out"
stop_smtp
finish
