TEAM = ["Ada", "Grace"]
