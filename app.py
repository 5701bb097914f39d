"""City Hall Scheduler. `python app.py` serves the demo on http://127.0.0.1:5000/."""

from scheduler.web import create_app

app = create_app()

if __name__ == "__main__":
    from scheduler.demo.users import DEMO_USERS

    print("City Hall Scheduler: http://127.0.0.1:5000/")
    print("Demo sign-ins (username / password: role):")
    for demo in DEMO_USERS:
        print(f"  {demo.username} / {demo.password}: {demo.description}")
    app.run(host="127.0.0.1", port=5000)
