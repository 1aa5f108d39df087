print("heyi-bench: not yet")
