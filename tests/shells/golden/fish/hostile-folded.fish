#!/usr/bin/fish
# hostile values: every one must reach the variable exactly
# second comment line with $WHO %WHO% ' " ! ^
set -gx H_PLAIN "bar"
set -gx H_SPACE "hello world"
set -gx H_SQUOTE "it's"
set -gx H_DQUOTE 'say "hi"'
set -gx H_DOLLAR_TEXT '$WHO ${WHO} $(echo pwned) $5 and $'
set -gx H_REF "$WHO/x"
set -gx H_REF_UNSET "$NOPE/x"
set -gx H_BACKTICK "a`b`c `echo pwned`"
set -gx H_PERCENT "100% %WHO% %% %"
set -gx H_CARET "a^b ^^ ^& ^"
set -gx H_BANG 'wow! a!b !! !$ !-1 \\!x'
set -gx H_HISTSUB "^x^y"
set -gx H_METAS "a&b|c<d>e;f(g)h && || >>"
set -gx H_BACKSLASH 'C:\\foo\\bar\\'
set -gx H_BS_QUOTES '\\\' \\" \\\\ \\$ \\`'
set -gx H_NEWLINE "line1
line2"
set -gx H_NL_ONLY "
"
set -gx H_BS_NEWLINE 'a\\
b\\'
set -gx H_CRLF "x
y"
set -gx H_UTF8 "héllo € 日本 🎉"
set -gx H_SMARTQ "‘q’ ‚‛ '"
set -gx H_EMPTY ""
set -gx H_TILDE "~/bin ~ a~b"
set -gx H_GLOB "*.txt ? [a-z]* {a,b} *"
set -gx H_HASH "#hash # mid"
set -gx H_SPACES "  lead and trail  "
set -gx H_TAB "	tab	x	"
set -gx H_DASH_N "-n"
set -gx H_DASH_E '-e \\n'
set -gx H_HELP "/?"
set -gx H_QUOTE1 "'"
set -gx H_QUOTES2 "''"
set -gx H_DQ1 '"'
set -gx H_BS1 '\\'
set -gx H_MIXED 'a\'b'"$WHO"'c"d'"$SPECIAL"'e$f'
set -gx H_MIXED2 "x $SPECIAL y$WHO$WHO""z"
set -gx H_REF_SPECIAL "$SPECIAL"
set -gx H_REF_QUOTED "<$QUOTED>"
set -gx H_REF_NL "<$NLVAR>"
set -gx H_REF_ADJ "$WHO""x$WHO""_$WHO""1"
set -gx H_REF_INDEX "$WHO"'[1] $'"$WHO"'$'
set -gx H_EQUALS "a=b==c"
set -gx H_COLON "a:b;c"
set -gx H_PAREN "(x) )y( ()"
set -gx H_LONG 'ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
ab\'"$%!^&|;\\ `
'
set -gx H_RESET "r'$WHO"
set -gx P_LIST '$x\'":a:b c:'"$WHO"'!'
set -gx EXISTING "/y:$EXISTING:/x"
set -gx P_NEW "$P_NEW:/z"
set -gx P_NEW2 "/w;$P_NEW2"
set -gx P_DOXY "a b'c"
set -gx PATH "$PATH:/opt/x y"
set -gx MiXed "1"
set -gx MIXED "$MIXED:2"
set -e TO_UNSET
set -e NEVER_SET
set -e U_TEMP
printf '%s\n' 'hello '"$WHO"' \'q\' "d" & <x> | ^ %WHO% %% !x! $HOME `id`'
printf '%s\n' "-n"
printf '%s\n' ""
printf '%s\n' 'a\\nb\\c \\'
printf '%s\n' "  spaced  "
printf '%s\n' "/?"
printf '%s\n' "multi"
printf '%s\n' "line"
printf '%s\n' "	tab"
printf '%s\n' "héllo ‘q’"
printf '%s\n' 'bad '"$WHO"' "thing" & more!' >&2
function rezgreet; printf '[%s]' $argv; end
printf '<%s>' 'a b' 'it\'s' '$x' '' -n '%WHO%' '!x' 'a"b\\' '*' '~' 'x
y'
printf '%s\n' 'raw command'
source '/dir with space/it\'s "q" $x.sh'
