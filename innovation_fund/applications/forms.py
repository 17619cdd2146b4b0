from django import forms


class ConfirmSubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "I am an accountable officer of the lead organisation. I have checked this bid and "
            "I sign it off for submission."
        ),
        error_messages={"required": "Confirm that you sign off the bid before you submit it"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the bid?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={
            "required": "Enter why you are withdrawing the bid",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )
