"""The processes people start: the leaders' dashboard server (`serve`), the secretaries' editor window
(`edit`), the installation check (`doctor`), the JupyterLab settings and the notebook-saving server
extension, and the multi-user server (`hub/`).
"""
