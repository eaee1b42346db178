"""home_groups_html writes exactly what the template loop it replaced wrote."""

import datetime as dt

from django.template import Context, Template

from home.rendering import home_groups_html
from home.selectors import HomeGroup, HomeItem

TEMPLATE = """{% for group in groups %}
  <h3 class="nhsuk-heading-s" id="group-{{ group.urgency }}">{{ group.label }}</h3>
  <ul class="nhsuk-list nhsuk-list--border" aria-labelledby="group-{{ group.urgency }}">
    {% for item in group.items %}
    <li class="app-home-item">
      <span class="nhsuk-tag{% if group.urgency == 0 %} nhsuk-tag--red{% elif group.urgency == 1 %} nhsuk-tag--yellow{% else %} nhsuk-tag--grey{% endif %}">{{ item.kind }}</span>
      <a href="{{ item.url }}">{{ item.title }}</a>
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{{ item.detail }}{% if item.due_on %}. Due {{ item.due_on|date:"j M" }}{% endif %}</p>
      {% if item.post_url %}
      <form method="post" action="{{ item.post_url }}" class="app-inline-form">{% csrf_token %}
        {% for name, value in item.post_fields.items %}<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
        <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-1" type="submit">Confirm we have seen it<span class="nhsuk-u-visually-hidden">: {{ item.title }}</span></button>
      </form>
      {% else %}
      <a class="nhsuk-body-s" href="{{ item.url }}">{{ item.action }}<span class="nhsuk-u-visually-hidden">: {{ item.title }}</span></a>
      {% endif %}
    </li>
    {% endfor %}
  </ul>
  {% endfor %}"""  # noqa: E501


def test_same_html_as_the_template_including_escaping():
    nasty = "<b>\"Tom\" & 'Jerry'</b>"
    groups = [
        HomeGroup(
            urgency=urgency,
            label=label,
            items=[
                HomeItem(
                    kind=f"Kind {nasty}",
                    title=f"Title {nasty}",
                    detail=f"Detail {nasty}",
                    url="/a/?x=1&y=<2>",
                    action=f"Act {nasty}",
                    due_on=dt.date(2026, month, 9),
                ),
                HomeItem(
                    kind="Decision to acknowledge",
                    title=nasty,
                    detail="d",
                    url="/d/1/",
                    action="Read",
                    post_url="/d/1/ack/?a=<1>",
                    post_fields={"practice": 12, "n<a>me": nasty},
                ),
            ],
        )
        for urgency, label, month in [(0, "Overdue", 1), (1, "Due soon", 5), (2, "Waiting", 12)]
    ]
    expected = Template(TEMPLATE).render(Context({"groups": groups, "csrf_token": "tok&<en>"}))
    assert home_groups_html(groups, lambda: "tok&<en>") == expected
    assert home_groups_html([], lambda: "unused") == ""
