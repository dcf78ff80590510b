"""The main window's parts, one module per job: its menus, the library's commands (new, open,
duplicate, trash) and the file commands (import, export, save). `pmdesk.views.main_window`
puts them together with the window's layout, start-up and closing."""
