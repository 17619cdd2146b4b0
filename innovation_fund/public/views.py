from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("Not built yet", status=501)


home = project_list = project_detail = innovation_list = innovation_detail = _todo
authority_list = authority_detail = map_page = evidence = about_data = accessibility = _todo
