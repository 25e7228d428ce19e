#!/bin/bash
# The example repository through `rez search` and `rez view`.
set -u
REZ=$1 R=$2
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null
fails=0 passes=0
expect() {   # expect NAME EXPECTED-OUTPUT CMD...
	local name=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1)
	if [ "$got" == "$want" ]; then passes=$((passes + 1)); else
		echo "FAIL $name"; diff <(echo "$want") <(echo "$got"); fails=$((fails + 1)); fi
}
expect families "cmake
myapp
mylib
python
studiotools" "$REZ" search --paths "$R"
expect versions "python-2.7.18
python-3.9.7
python-3.11.4" "$REZ" search --paths "$R" python
expect range "python-3.9.7
python-3.11.4" "$REZ" search --paths "$R" 'python-3'
expect latest "python-3.11.4" "$REZ" search --paths "$R" -l python
expect variants "mylib-2.1.0[0]
mylib-2.1.0[1]" "$REZ" search --paths "$R" -t variant mylib
expect format "python 3.9.7 python 3.11.4" "$REZ" search --paths "$R" --no-newlines -f '{name} {ver}' 'py*-3' 
expect view_yaml "name: myapp

version: 1.0.0

description: An example application that runs on Python 3.

authors:
- Jane Doe

tools:
- myapp

requires:
- python-3.9+<4
- mylib-2

commands: |-
  env.MYAPP_ROOT = \"{root}\"
  env.PATH:append(\"{root}/bin\")
  env.PYTHONPATH:append(\"{root}/python\")

base: $(realpath "$R")/myapp/1.0.0" "$REZ" view --paths "$R" -b myapp
expect view_early "description: Studio tools 0.3.0" sh -c "'$REZ' view --paths '$R' -b studiotools | grep ^description"
expect view_yaml_pkg "URI:
$(realpath "$R")/cmake/3.26.4/package.yaml" sh -c "'$REZ' view --paths '$R' cmake-3 | head -2"
expect view_range "version: 2.7.18" sh -c "'$REZ' view --paths '$R' -b 'python<3' | grep ^version"
expect view_none "no matches found" "$REZ" view --paths "$R" python-4
# every example loads without errors
expect no_errors "No matching packages found." "$REZ" search --paths "$R" -e
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
