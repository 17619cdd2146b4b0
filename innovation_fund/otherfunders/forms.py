from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

ACCEPTED_ENDINGS = ".json,.csv,.xlsx"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="360Giving file",
        help_text="A JSON, CSV or Excel (.xlsx) file in the 360Giving Data Standard",
        error_messages={
            "required": "Select a 360Giving file",
            "empty": "The selected file is empty",
        },
    )
    publisher_name = forms.CharField(
        label="Who published it",
        max_length=200,
        help_text=(
            "The funder or organisation that published the file, such as A B Charitable Trust"
        ),
        error_messages={
            "required": "Enter who published the file",
            "max_length": "Who published the file must be 200 characters or fewer",
        },
    )
    source_url = forms.URLField(
        label="Where it was published (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The web address of the file or of the page that offers it",
        error_messages={"invalid": "Enter a web address, such as https://example.org/grants.json"},
    )

    licence = forms.CharField(
        label="Licence (optional)",
        required=False,
        max_length=200,
        help_text="The licence the publisher gives the data, such as CC BY 4.0 or OGL v3.0",
        error_messages={"max_length": "The licence must be 200 characters or fewer"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.OTHERFUNDERS_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The selected file must be smaller than {filesizeformat(limit)}"
            )
        return upload
