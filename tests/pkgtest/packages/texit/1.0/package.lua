name = "texit"
version = "1.0"
tests = {
    a_ok = "true",
    b_three = "exit 3",
    c_five = "exit 5",
    d_ok = "echo d",
}
