"""Helpers shared by packages."""
import os

PREFIX = "/opt/studio"

def bin_path(root, sub="bin"):
    # the package's bin directory
    return os.path.join(root, sub)

def setup(env, root):
    env.PATH.append(bin_path(root))
    env.STUDIO_PREFIX = PREFIX
