"""The grants app's pages, one module per part of a grant's life. Each module lists its paths
for the programme team (`manage_urlpatterns`, under /manage/) and for grantees
(`grantee_urlpatterns`, under /grants/); `manage_urls` and `grantee_urls` gather them."""
