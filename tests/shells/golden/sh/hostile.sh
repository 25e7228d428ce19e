#!/usr/bin/sh
# hostile values: every one must reach the variable exactly
# second comment line with $WHO %WHO% ' " ! ^
export H_PLAIN="bar"
export H_SPACE="hello world"
export H_SQUOTE="it's"
export H_DQUOTE='say "hi"'
export H_DOLLAR_TEXT='$WHO ${WHO} $(echo pwned) $5 and $'
export H_REF="${WHO}/x"
export H_REF_UNSET="${NOPE}/x"
export H_BACKTICK='a`b`c `echo pwned`'
export H_PERCENT="100% %WHO% %% %"
export H_CARET="a^b ^^ ^& ^"
export H_BANG='wow! a!b !! !$ !-1 \!x'
export H_HISTSUB="^x^y"
export H_METAS="a&b|c<d>e;f(g)h && || >>"
export H_BACKSLASH='C:\foo\bar\'
export H_BS_QUOTES='\'\'' \" \\ \$ \`'
export H_NEWLINE="line1
line2"
export H_NL_ONLY="
"
export H_BS_NEWLINE='a\
b\'
export H_CRLF="x
y"
export H_UTF8="héllo € 日本 🎉"
export H_SMARTQ="‘q’ ‚‛ '"
export H_EMPTY=""
export H_TILDE="~/bin ~ a~b"
export H_GLOB="*.txt ? [a-z]* {a,b} *"
export H_HASH="#hash # mid"
export H_SPACES="  lead and trail  "
export H_TAB="	tab	x	"
export H_DASH_N="-n"
export H_DASH_E='-e \n'
export H_HELP="/?"
export H_QUOTE1="'"
export H_QUOTES2="''"
export H_DQ1='"'
export H_BS1='\'
export H_MIXED='a'\''b'"${WHO}"'c"d'"${SPECIAL}"'e$f'
export H_MIXED2="x ${SPECIAL} y${WHO}${WHO}z"
export H_REF_SPECIAL="${SPECIAL}"
export H_REF_QUOTED="<${QUOTED}>"
export H_REF_NL="<${NLVAR}>"
export H_REF_ADJ="${WHO}x${WHO}_${WHO}1"
export H_REF_INDEX="${WHO}"'[1] $'"${WHO}"'$'
export H_EQUALS="a=b==c"
export H_COLON="a:b;c"
export H_PAREN="(x) )y( ()"
export H_LONG='ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
ab'\''"$%!^&|;\ `
'
export H_RESET="r'${WHO}"
export P_LIST="a"
export P_LIST="${P_LIST}:b c"
export P_LIST='$x'\''":'"${P_LIST}"
export P_LIST="${P_LIST}"':'"${WHO}"'!'
export EXISTING="${EXISTING}:/x"
export EXISTING="/y:${EXISTING}"
export P_NEW="${P_NEW}:/z"
export P_NEW2="/w;${P_NEW2}"
export P_DOXY="a"
export P_DOXY="${P_DOXY} b"
export P_DOXY="${P_DOXY}'c"
export PATH="${PATH}:/opt/x y"
export MiXed="1"
export MIXED="${MIXED}:2"
unset TO_UNSET
unset NEVER_SET
export U_TEMP="x"
unset U_TEMP
printf '%s\n' 'hello '"${WHO}"' '\''q'\'' "d" & <x> | ^ %WHO% %% !x! $HOME `id`'
printf '%s\n' "-n"
printf '%s\n' ""
printf '%s\n' 'a\nb\c \'
printf '%s\n' "  spaced  "
printf '%s\n' "/?"
printf '%s\n' "multi"
printf '%s\n' "line"
printf '%s\n' "	tab"
printf '%s\n' "héllo ‘q’"
printf '%s\n' 'bad '"${WHO}"' "thing" & more!' >&2
rezgreet() { printf '[%s]' "$@"; }
printf '<%s>' 'a b' 'it'\''s' '$x' '' -n %WHO% '!x' 'a"b\' '*' '~' 'x
y'
printf '%s\n' 'raw command'
. '/dir with space/it'\''s "q" $x.sh'
