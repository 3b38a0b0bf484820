"""A one-route DjangoKit project for the benchmarks in bench/."""
