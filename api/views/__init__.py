"""The REST API's views: thin, like the pages' views — parse, call a selector or action, present."""
