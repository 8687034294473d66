"""Reports: standard against actual per step, tables, spreadsheets, charts, flowcharts.

Pure over the plain records in ``bot.reports.facts``: no database, no Telegram.
"""
