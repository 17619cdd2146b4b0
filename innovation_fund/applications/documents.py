"""Downloading a bid's supporting documents, for the people allowed to see them.

Files live in private storage, outside any public URL; this view is the only way to get one.
Anyone else gets 404, as for the bid itself.
"""

from django.http import FileResponse, Http404

from innovation_fund.accounts.sessions import sign_in_required

from . import selectors
from .models import Application
from .policies import Action, may


@sign_in_required
def download(request, reference: str, pk: int):
    try:
        application = selectors.application_for_pages(request.user, reference)
    except Application.DoesNotExist:
        raise Http404("No bid you can see has that reference") from None
    if not may(request.user, Action.DOWNLOAD_DOCUMENT, application):
        raise Http404("No bid you can see has that reference")
    document = next((each for each in application.documents.all() if each.pk == pk), None)
    if document is None:
        raise Http404("The bid has no such document")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,  # the extension of the type checked at upload
        content_type=document.content_type,  # as read from the content when it was uploaded
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
