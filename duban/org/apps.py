from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "duban.org"
    label = "org"
    verbose_name = "组织"

    def ready(self):
        from duban.core.attest import register_global_scope
        from duban.org.attest import ORG_SCOPE

        register_global_scope(ORG_SCOPE)

        from duban.core.chains import register_chain_labeller
        from duban.org.jurisdiction import jurisdiction_chain_labels

        register_chain_labeller(jurisdiction_chain_labels)
