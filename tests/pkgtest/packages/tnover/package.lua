name = "tnover"
tests = {t = {command = "echo nover index=[{index}] {version}", run_on = {"default"}}}
