# hostile values: every one must reach the variable exactly
# second comment line with $WHO %WHO% ' " ! ^
$env:H_PLAIN = 'bar'
$env:H_SPACE = 'hello world'
$env:H_SQUOTE = 'it''s'
$env:H_DQUOTE = 'say "hi"'
$env:H_DOLLAR_TEXT = '$WHO ${WHO} $(echo pwned) $5 and $'
$env:H_REF = $env:WHO + '/x'
$env:H_REF_UNSET = $env:NOPE + '/x'
$env:H_BACKTICK = 'a`b`c `echo pwned`'
$env:H_PERCENT = '100% %WHO% %% %'
$env:H_CARET = 'a^b ^^ ^& ^'
$env:H_BANG = 'wow! a!b !! !$ !-1 \!x'
$env:H_HISTSUB = '^x^y'
$env:H_METAS = 'a&b|c<d>e;f(g)h && || >>'
$env:H_BACKSLASH = 'C:\foo\bar\'
$env:H_BS_QUOTES = '\'' \" \\ \$ \`'
$env:H_NEWLINE = 'line1
line2'
$env:H_NL_ONLY = '
'
$env:H_BS_NEWLINE = 'a\
b\'
$env:H_CRLF = 'x
y'
$env:H_UTF8 = 'héllo € 日本 🎉'
$env:H_SMARTQ = '‘‘q’’ ‚‚‛‛ '''
$env:H_EMPTY = ''
$env:H_TILDE = '~/bin ~ a~b'
$env:H_GLOB = '*.txt ? [a-z]* {a,b} *'
$env:H_HASH = '#hash # mid'
$env:H_SPACES = '  lead and trail  '
$env:H_TAB = '	tab	x	'
$env:H_DASH_N = '-n'
$env:H_DASH_E = '-e \n'
$env:H_HELP = '/?'
$env:H_QUOTE1 = ''''
$env:H_QUOTES2 = ''''''
$env:H_DQ1 = '"'
$env:H_BS1 = '\'
$env:H_MIXED = 'a''b' + $env:WHO + 'c"d' + $env:SPECIAL + 'e$f'
$env:H_MIXED2 = 'x ' + $env:SPECIAL + ' y' + $env:WHO + $env:WHO + 'z'
$env:H_REF_SPECIAL = $env:SPECIAL
$env:H_REF_QUOTED = '<' + $env:QUOTED + '>'
$env:H_REF_NL = '<' + $env:NLVAR + '>'
$env:H_REF_ADJ = $env:WHO + 'x' + $env:WHO + '_' + $env:WHO + '1'
$env:H_REF_INDEX = $env:WHO + '[1] $' + $env:WHO + '$'
$env:H_EQUALS = 'a=b==c'
$env:H_COLON = 'a:b;c'
$env:H_PAREN = '(x) )y( ()'
$env:H_LONG = 'ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
ab''"$%!^&|;\ `
'
$env:H_RESET = 'r''' + $env:WHO
$env:P_LIST = '$x''":a:b c:' + $env:WHO + '!'
$env:EXISTING = '/y:' + $env:EXISTING + ':/x'
$env:P_NEW = $env:P_NEW + ':/z'
$env:P_NEW2 = '/w;' + $env:P_NEW2
$env:P_DOXY = 'a b''c'
$env:PATH = $env:PATH + ':/opt/x y'
$env:MiXed = '1'
$env:MIXED = $env:MIXED + ':2'
Remove-Item -LiteralPath 'Env:TO_UNSET' -ErrorAction SilentlyContinue
Remove-Item -LiteralPath 'Env:NEVER_SET' -ErrorAction SilentlyContinue
Remove-Item -LiteralPath 'Env:U_TEMP' -ErrorAction SilentlyContinue
Write-Host ('hello ' + $env:WHO + ' ''q'' "d" & <x> | ^ %WHO% %% !x! $HOME `id`')
Write-Host '-n'
Write-Host ''
Write-Host 'a\nb\c \'
Write-Host '  spaced  '
Write-Host '/?'
Write-Host 'multi'
Write-Host 'line'
Write-Host '	tab'
Write-Host 'héllo ‘‘q’’'
[Console]::Error.WriteLine('bad ' + $env:WHO + ' "thing" & more!')
function rezgreet { printf '[%s]' @args }
printf '<%s>' 'a b' 'it''s' '$x' '' -n '%WHO%' '!x' 'a"b\' '*' '~' 'x
y'
printf '%s\n' 'raw command'
. '/dir with space/it''s "q" $x.sh'
