# Convenience targets; the README's two commands (python3 dev.py run / test) need no make.
.PHONY: run test test-postgres check format messages bench

run:
	python3 dev.py run

test:
	python3 dev.py test

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python3 dev.py test

check:
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Extract new strings, then translate them in locale/ur/LC_MESSAGES/django.po and compile.
messages:
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemessages -l ur --no-location --ignore=.venv --ignore=adscreen --ignore=tests --ignore=benchmarks
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py compile_translations
