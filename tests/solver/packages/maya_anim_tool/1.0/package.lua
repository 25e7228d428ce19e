name = "maya_anim_tool"
version = "1.0"
requires = {"maya"}
