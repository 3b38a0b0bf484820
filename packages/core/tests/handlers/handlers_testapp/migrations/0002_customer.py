from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("handlers_testapp", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("ssn", models.CharField(blank=True, max_length=11)),
                ("credit_card_number", models.CharField(blank=True, max_length=19)),
                ("cardCvv", models.CharField(blank=True, max_length=4)),
                ("private_key_pem", models.TextField(blank=True)),
                ("pin_code", models.CharField(blank=True, max_length=8)),
                ("api_key", models.CharField(blank=True, max_length=40)),
                ("license_key", models.CharField(blank=True, max_length=40)),
                ("iban", models.CharField(blank=True, max_length=34)),
                ("is_pinned", models.BooleanField(default=False)),
                ("keyboard_layout", models.CharField(blank=True, max_length=10)),
                ("monkey_count", models.IntegerField(default=0)),
            ],
        ),
    ]
