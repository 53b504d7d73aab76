def export_section(resident):
    return None
