"""One schema for configuration files: pydantic models and loaders that name file, entry, field.

A configuration file is a YAML mapping with one list of entries under a key
(``terms:``, ``themes:``). Each entry is validated by a pydantic model
(:class:`Entry`), on its own, so that every problem of every entry is found in
one run. :func:`load_config` turns pydantic's errors into the project's
messages, one per problem, each naming the file, the entry (its position and,
where it has one, its name) and the field::

    data/themes.yml: theme 3 (ai): missing 'terms'
    data/themes.yml: theme 5 (green): term 2 (5) is not text; put it in quotes

Checks across entries (a name used twice, a form claimed by two terms) belong
to the loader of each file, which adds its messages to those returned here.

``data/data_dictionary.yml`` is a mapping of tables rather than a list: its
models (:class:`DictionaryTable`, :class:`DictionaryColumn`) are read by
:func:`policytext.data_dictionary.load_data_dictionary`, with messages that
name the file, the table and the column in the same way.

Files of other shapes go through the same messages: a mapping validated as a
whole (:class:`Section`, :func:`load_section`: ``articles.yml``,
``speakers.yml``, the ``scopes:`` of ``indicators.yml``) and the rows of a CSV
file (:class:`Row`, :func:`validate_rows`: ``periods.csv``, ``corpus.csv``)::

    data/speakers.yml: speakers: entry 3: type 'boss' is not one of minister, ...
    data/corpus.csv: row 4: unparsable date '2026-3' (expected YYYY-MM-DD, YYYY-MM or YYYY)
"""

from __future__ import annotations

from policytext.schema.cleaning import CleaningFile, CleaningRule, CleaningShapes, cleaning_problems
from policytext.schema.dictionary import COLUMN_TYPES, DictionaryColumn, DictionaryTable
from policytext.schema.entries import Entry, Loaded, load_config, validate_entries
from policytext.schema.fields import (
    Regexes,
    positive_integer,
    regex_list,
    required_regex_list,
    text_list,
    text_or_empty,
)
from policytext.schema.glue import GlueKey
from policytext.schema.messages import CONFIG_ERROR, message, problem, problems
from policytext.schema.rows import Row, validate_rows
from policytext.schema.sections import Section, load_section, section_message
from policytext.schema.translations import Translation, TranslationsFile, load_translations_file

__all__ = [
    "COLUMN_TYPES",
    "CONFIG_ERROR",
    "CleaningFile",
    "CleaningRule",
    "CleaningShapes",
    "DictionaryColumn",
    "DictionaryTable",
    "Entry",
    "GlueKey",
    "Loaded",
    "Regexes",
    "Row",
    "Section",
    "Translation",
    "TranslationsFile",
    "cleaning_problems",
    "load_config",
    "load_section",
    "load_translations_file",
    "message",
    "positive_integer",
    "problem",
    "problems",
    "regex_list",
    "required_regex_list",
    "section_message",
    "text_list",
    "text_or_empty",
    "validate_entries",
    "validate_rows",
]
