#!/usr/bin/tcsh
# hostile values: every one must reach the variable exactly
# second comment line with $WHO %WHO% ' " ! ^
setenv H_PLAIN "bar"
setenv H_SPACE "hello world"
setenv H_SQUOTE "it's"
setenv H_DQUOTE 'say "hi"'
setenv H_DOLLAR_TEXT '$WHO ${WHO} $(echo pwned) $5 and $'
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv H_REF ${__rez_ref_WHO:q}"/x"
unset __rez_ref_WHO
setenv H_BACKTICK 'a`b`c `echo pwned`'
setenv H_PERCENT "100% %WHO% %% %"
setenv H_CARET "a^b ^^ ^& ^"
setenv H_BANG 'wow\! a\!b \!\! \!$ \!-1 \\!x'
setenv H_HISTSUB "^x^y"
setenv H_METAS "a&b|c<d>e;f(g)h && || >>"
setenv H_BACKSLASH 'C:\foo\bar\'
setenv H_BS_QUOTES '\'\'' \" \\ \$ \`'
setenv H_NEWLINE 'line1\
line2'
setenv H_NL_ONLY '\
'
setenv H_BS_NEWLINE 'a\\
b\'
setenv H_CRLF 'x\
y'
setenv H_UTF8 "héllo € 日本 🎉"
setenv H_SMARTQ "‘q’ ‚‛ '"
setenv H_EMPTY ""
setenv H_TILDE "~/bin ~ a~b"
setenv H_GLOB "*.txt ? [a-z]* {a,b} *"
setenv H_HASH "#hash # mid"
setenv H_SPACES "  lead and trail  "
setenv H_TAB "	tab	x	"
setenv H_DASH_N "-n"
setenv H_DASH_E '-e \n'
setenv H_HELP "/?"
setenv H_QUOTE1 "'"
setenv H_QUOTES2 "''"
setenv H_DQ1 '"'
setenv H_BS1 '\'
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
if ($?SPECIAL) then
set __rez_ref_SPECIAL = ${SPECIAL:q}
else
set __rez_ref_SPECIAL = ""
endif
setenv H_MIXED "a'b"${__rez_ref_WHO:q}'c"d'${__rez_ref_SPECIAL:q}'e$f'
unset __rez_ref_WHO
unset __rez_ref_SPECIAL
if ($?SPECIAL) then
set __rez_ref_SPECIAL = ${SPECIAL:q}
else
set __rez_ref_SPECIAL = ""
endif
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv H_MIXED2 "x "${__rez_ref_SPECIAL:q}" y"${__rez_ref_WHO:q}${__rez_ref_WHO:q}"z"
unset __rez_ref_SPECIAL
unset __rez_ref_WHO
if ($?SPECIAL) then
set __rez_ref_SPECIAL = ${SPECIAL:q}
else
set __rez_ref_SPECIAL = ""
endif
setenv H_REF_SPECIAL ${__rez_ref_SPECIAL:q}
unset __rez_ref_SPECIAL
if ($?QUOTED) then
set __rez_ref_QUOTED = ${QUOTED:q}
else
set __rez_ref_QUOTED = ""
endif
setenv H_REF_QUOTED "<"${__rez_ref_QUOTED:q}">"
unset __rez_ref_QUOTED
if ($?NLVAR) then
set __rez_ref_NLVAR = ${NLVAR:q}
else
set __rez_ref_NLVAR = ""
endif
setenv H_REF_NL "<"${__rez_ref_NLVAR:q}">"
unset __rez_ref_NLVAR
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv H_REF_ADJ ${__rez_ref_WHO:q}"x"${__rez_ref_WHO:q}"_"${__rez_ref_WHO:q}"1"
unset __rez_ref_WHO
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv H_REF_INDEX ${__rez_ref_WHO:q}'[1] $'${__rez_ref_WHO:q}'$'
unset __rez_ref_WHO
setenv H_EQUALS "a=b==c"
setenv H_COLON "a:b;c"
setenv H_PAREN "(x) )y( ()"
setenv H_LONG 'ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
ab'\''"$%\!^&|;\ `\
'
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv H_RESET "r'"${__rez_ref_WHO:q}
unset __rez_ref_WHO
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
setenv P_LIST '$x'\''":a:b c:'${__rez_ref_WHO:q}'\!'
unset __rez_ref_WHO
if ($?EXISTING) then
set __rez_ref_EXISTING = ${EXISTING:q}
else
set __rez_ref_EXISTING = ""
endif
setenv EXISTING "/y:"${__rez_ref_EXISTING:q}":/x"
unset __rez_ref_EXISTING
if (! $?P_NEW) setenv P_NEW ""
setenv P_NEW ${P_NEW:q}":/z"
if (! $?P_NEW2) setenv P_NEW2 ""
setenv P_NEW2 "/w;"${P_NEW2:q}
setenv P_DOXY "a b'c"
setenv PATH ${PATH:q}":/opt/x y"
setenv MiXed "1"
if (! $?MIXED) setenv MIXED ""
setenv MIXED ${MIXED:q}":2"
unsetenv TO_UNSET
unsetenv NEVER_SET
unsetenv U_TEMP
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "hello "${__rez_ref_WHO:q}' '\''q'\'' "d" & <x> | ^ %WHO% %% \!x\! $HOME `id`' )
unset __rez_ref_WHO
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "-n" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' 'a\nb\c \' )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "  spaced  " )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "/?" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "multi" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "line" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "	tab" )
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "héllo ‘q’" )
if ($?WHO) then
set __rez_ref_WHO = ${WHO:q}
else
set __rez_ref_WHO = ""
endif
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "bad "${__rez_ref_WHO:q}' "thing" & more\!' >> /dev/stderr )
unset __rez_ref_WHO
alias rezgreet 'printf '\''[%s]'\'
printf '<%s>' 'a b' 'it'\''s' '$x' '' -n %WHO% '\!x' 'a"b\' '*' '~' 'x\
y'
printf '%s\n' 'raw command'
source '/dir with space/it'\''s "q" $x.sh'
