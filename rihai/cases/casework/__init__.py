"""The case worker's record around a case (notes, documents, tasks, flags, history): its
choices, file handling and work summary. Models live in ``models/casework.py``, reads in
``casework_queries.py``, writes in ``actions/casework.py``, pages in ``views/casework.py``."""
