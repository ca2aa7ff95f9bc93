"""Attribution: naming what each quantity measures, one module per language."""
