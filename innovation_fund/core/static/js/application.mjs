// Relative, so it follows STATIC_URL wherever static files are served from.
import { initAll } from '../govuk-frontend/dist/govuk/govuk-frontend.min.js'

initAll()
