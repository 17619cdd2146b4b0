import { initAll } from '/static/govuk-frontend/dist/govuk/govuk-frontend.min.js'

initAll()
